package dev.snpkm.kmip.xml;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.ItemText;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.text.TagNames;
import dev.snpkm.kmip.text.ValueContext;
import dev.snpkm.kmip.text.ValueMeaning;
import dev.snpkm.kmip.ttlv.ItemType;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvLimits;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.w3c.dom.Element;
import org.w3c.dom.Node;

/** Reads one KMIP XML element (KMIP Profiles 2.1 §5.4) and its descendants into a TTLV tree. */
final class XmlTreeReader {
    static final String GENERIC_ELEMENT = "TTLV";

    private final ItemText text = new ItemText(KmipVersion.V2_1); // parsing accepts every version's names
    private final Placeholders placeholders;

    XmlTreeReader(Placeholders placeholders) {
        this.placeholders = placeholders;
    }

    Ttlv read(Element e) throws KmipTextException {
        return read(e, "/" + e.getTagName(), Optional.empty(), 1);
    }

    private Ttlv read(Element e, String path, Optional<String> siblingAttributeName, int depth)
            throws KmipTextException {
        if (depth > TtlvLimits.DEFAULT.maxDepth()) {
            throw new KmipTextException(path, "nesting deeper than " + TtlvLimits.DEFAULT.maxDepth() + " levels");
        }
        int tag = tagOf(e, path);
        ItemType type = typeOf(e, path);
        List<Element> children = childElements(e, path);
        if (type == ItemType.STRUCTURE) {
            if (e.hasAttribute("value")) {
                throw new KmipTextException(path, "a Structure has children, not a value attribute");
            }
            Optional<String> attributeName = attributeNameAmong(children);
            List<Ttlv> items = new ArrayList<>(children.size());
            for (int i = 0; i < children.size(); i++) {
                Element child = children.get(i);
                items.add(read(child, path + "/" + child.getTagName() + "[" + (i + 1) + "]", attributeName, depth + 1));
            }
            return Ttlv.structure(tag, items);
        }
        if (!children.isEmpty()) {
            throw new KmipTextException(path, "a " + type.encodingName() + " cannot have child elements");
        }
        if (!e.hasAttribute("value")) {
            throw new KmipTextException(path, "a " + type.encodingName() + " needs a value attribute");
        }
        String value = e.getAttribute("value");
        try {
            if (value.startsWith("$")) {
                Ttlv resolved = placeholders.resolve(value, tag, type);
                if (resolved != null) {
                    if (resolved.tag() != tag || resolved.type() != type) {
                        throw new IllegalArgumentException("placeholder " + value + " resolved to a "
                                + resolved.type().encodingName() + " with another tag");
                    }
                    return resolved;
                }
            }
            ValueMeaning meaning = ValueContext.meaningOf(tag, type, siblingAttributeName);
            return text.parse(tag, type, value, meaning);
        } catch (IllegalArgumentException ex) {
            throw new KmipTextException(path, ex.getMessage());
        }
    }

    private static int tagOf(Element e, String path) throws KmipTextException {
        try {
            if (e.getTagName().equals(GENERIC_ELEMENT)) {
                if (!e.hasAttribute("tag")) {
                    throw new IllegalArgumentException("a TTLV element needs a tag attribute, e.g. tag=\"0x540001\"");
                }
                return TagNames.parse(e.getAttribute("tag"));
            }
            return TagNames.parse(e.getTagName());
        } catch (IllegalArgumentException ex) {
            throw new KmipTextException(path, ex.getMessage());
        }
    }

    private static ItemType typeOf(Element e, String path) throws KmipTextException {
        if (!e.hasAttribute("type")) {
            return ItemType.STRUCTURE; // Profiles 2.1 §5.4.1.2: type defaults to Structure
        }
        ItemType type = ItemType.ofEncodingName(e.getAttribute("type"));
        if (type == null) {
            throw new KmipTextException(
                    path,
                    "unknown type '" + e.getAttribute("type")
                            + "' (expected Structure, Integer, LongInteger, BigInteger, Enumeration, Boolean, TextString, "
                            + "ByteString, DateTime, Interval or DateTimeExtended)");
        }
        return type;
    }

    private static List<Element> childElements(Element e, String path) throws KmipTextException {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            switch (n.getNodeType()) {
                case Node.ELEMENT_NODE:
                    out.add((Element) n);
                    break;
                case Node.TEXT_NODE:
                case Node.CDATA_SECTION_NODE:
                    if (!n.getNodeValue().isBlank()) {
                        throw new KmipTextException(
                                path, "text content is not allowed; values go in the value " + "attribute");
                    }
                    break;
                default:
                    break; // comments and processing instructions carry no TTLV
            }
        }
        return out;
    }

    /** The 1.x Attribute Name text among a structure's children, which names the Attribute Value's meaning. */
    private static Optional<String> attributeNameAmong(List<Element> children) {
        for (Element c : children) {
            boolean isName = c.getTagName().equals("AttributeName")
                    || (c.getTagName().equals(GENERIC_ELEMENT) && isAttributeNameTag(c.getAttribute("tag")));
            if (isName && "TextString".equals(c.getAttribute("type"))) {
                return Optional.of(c.getAttribute("value"));
            }
        }
        return Optional.empty();
    }

    private static boolean isAttributeNameTag(String tag) {
        try {
            return TagNames.parse(tag) == ValueContext.ATTRIBUTE_NAME;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
