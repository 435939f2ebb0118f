package dev.snpkm.kmip.xml;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.ItemText;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.text.ValueContext;
import dev.snpkm.kmip.text.ValueMeaning;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Optional;

/** Writes a TTLV tree as indented KMIP XML (KMIP Profiles 2.1 §5.4), names chosen for one KMIP version. */
final class XmlTreeWriter {
    private final ItemText text;

    XmlTreeWriter(KmipVersion version) {
        this.text = new ItemText(version);
    }

    /** The document as UTF-8; the text it was written in is zeroed. */
    byte[] writeUtf8(Ttlv item) {
        return SecretText.written(out -> write(item, Optional.empty(), 0, out), SecretText::toUtf8);
    }

    /** The document as a String: for dumps and tests, not for key material. */
    String write(Ttlv item) {
        return SecretText.written(out -> write(item, Optional.empty(), 0, out), SecretText::toString);
    }

    private void write(Ttlv item, Optional<String> siblingAttributeName, int indent, SecretText out) {
        out.append("  ".repeat(indent)).append('<');
        Optional<String> name = TagNames.name(item.tag());
        String element = name.orElse(XmlTreeReader.GENERIC_ELEMENT);
        out.append(element);
        if (name.isEmpty()) {
            attribute(out, "tag", TagNames.hex(item.tag()));
        }
        if (item instanceof Ttlv.Structure s) {
            if (s.children().isEmpty()) {
                out.append("/>\n");
                return;
            }
            out.append(">\n");
            Optional<String> attributeName = ValueContext.attributeNameAmong(s.children());
            for (Ttlv child : s.children()) {
                write(child, attributeName, indent + 1, out);
            }
            out.append("  ".repeat(indent)).append("</").append(element).append(">\n");
            return;
        }
        ValueMeaning meaning = ValueContext.meaningOf(item.tag(), item.type(), siblingAttributeName);
        attribute(out, "type", item.type().encodingName());
        if (ItemText.isHexValued(item)) {
            out.append(" value=\""); // hex needs no escaping
            ItemText.renderHexInto(item, out);
            out.append('"');
        } else {
            attribute(out, "value", text.render(item, meaning));
        }
        out.append("/>\n");
    }

    private static void attribute(SecretText out, String name, String value) {
        out.append(' ').append(name).append("=\"");
        escape(value, out);
        out.append('"');
    }

    /**
     * Attribute-value escaping. Tab, CR and LF become character references, or the parser's attribute-value
     * normalisation would turn them into spaces (XML 1.0 §3.3.3).
     */
    private static void escape(String s, SecretText out) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&':
                    out.append("&amp;");
                    break;
                case '<':
                    out.append("&lt;");
                    break;
                case '>':
                    out.append("&gt;");
                    break;
                case '"':
                    out.append("&quot;");
                    break;
                case '\t':
                    out.append("&#9;");
                    break;
                case '\n':
                    out.append("&#10;");
                    break;
                case '\r':
                    out.append("&#13;");
                    break;
                default:
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        throw new IllegalArgumentException(String.format(
                                "character U+%04X cannot be carried in "
                                        + "XML 1.0; use the TTLV or JSON encoding for this Text String",
                                (int) c));
                    }
                    out.append(c);
            }
        }
    }
}
