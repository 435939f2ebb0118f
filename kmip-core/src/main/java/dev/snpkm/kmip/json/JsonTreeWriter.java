package dev.snpkm.kmip.json;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.ItemText;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.text.ValueContext;
import dev.snpkm.kmip.text.ValueMeaning;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.List;
import java.util.Optional;

/**
 * Writes a TTLV tree as KMIP JSON (KMIP Profiles 2.1 §5.5): {@code {"tag":…, "type":…, "value":…}}, type omitted for
 * Structures, whose value is the array of children. Numbers stay JSON numbers except mask names; Big Integers are
 * "0x" hex strings, Byte Strings plain hex, Date-Times xsd:dateTime strings.
 */
final class JsonTreeWriter {
    private final ItemText text;

    JsonTreeWriter(KmipVersion version) {
        this.text = new ItemText(version);
    }

    /** The document as UTF-8; the text it was written in is zeroed. */
    byte[] writeUtf8(Ttlv item) {
        return SecretText.written(out -> document(item, out), SecretText::toUtf8);
    }

    /** The document as a String: for dumps and tests, not for key material. */
    String write(Ttlv item) {
        return SecretText.written(out -> document(item, out), SecretText::toString);
    }

    private void document(Ttlv item, SecretText out) {
        write(item, Optional.empty(), 0, out);
        out.append('\n');
    }

    private void write(Ttlv item, Optional<String> siblingAttributeName, int indent, SecretText out) {
        out.append("{\"tag\": ");
        string(TagNames.render(item.tag()), out);
        if (item instanceof Ttlv.Structure s) {
            out.append(", \"value\": [");
            List<Ttlv> children = s.children();
            Optional<String> attributeName = ValueContext.attributeNameAmong(s.children());
            for (int i = 0; i < children.size(); i++) {
                out.append(i == 0 ? "\n" : ",\n").append("  ".repeat(indent + 1));
                write(children.get(i), attributeName, indent + 1, out);
            }
            if (!children.isEmpty()) {
                out.append('\n').append("  ".repeat(indent));
            }
            out.append("]}");
            return;
        }
        out.append(", \"type\": \"").append(item.type().encodingName()).append("\", \"value\": ");
        ValueMeaning meaning = ValueContext.meaningOf(item.tag(), item.type(), siblingAttributeName);
        if (item instanceof Ttlv.IntegerItem i && meaning.kind() != ValueMeaning.Kind.MASK) {
            out.append(i.value());
        } else if (item instanceof Ttlv.LongInteger l) {
            out.append(l.value());
        } else if (item instanceof Ttlv.Interval i) {
            out.append(i.seconds());
        } else if (item instanceof Ttlv.DateTimeExtended d) {
            out.append(d.epochMicros());
        } else if (item instanceof Ttlv.BooleanItem b) {
            out.append(Boolean.toString(b.value()));
        } else if (ItemText.isHexValued(item)) {
            out.append(item instanceof Ttlv.BigInt ? "\"0x" : "\""); // hex needs no escaping
            ItemText.renderHexInto(item, out);
            out.append('"');
        } else {
            string(text.render(item, meaning), out);
        }
        out.append('}');
    }

    private static void string(String s, SecretText out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"':
                    out.append("\\\"");
                    break;
                case '\\':
                    out.append("\\\\");
                    break;
                case '\n':
                    out.append("\\n");
                    break;
                case '\r':
                    out.append("\\r");
                    break;
                case '\t':
                    out.append("\\t");
                    break;
                default:
                    if (c < 0x20) {
                        out.append(String.format("\\u%04x", (int) c));
                    } else {
                        out.append(c);
                    }
            }
        }
        out.append('"');
    }
}
