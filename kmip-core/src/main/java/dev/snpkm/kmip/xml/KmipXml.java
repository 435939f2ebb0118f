package dev.snpkm.kmip.xml;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.Placeholders;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * The KMIP XML encoding (KMIP Profiles 2.1 §5.4): an element per item named by the CamelCase tag name (or
 * {@code <TTLV tag="0x540001">} for extension and unknown tags), a {@code type} attribute defaulting to Structure and
 * a {@code value} attribute. Parsing refuses DTDs, so it is safe on untrusted input (no XXE).
 */
public final class KmipXml {
    private KmipXml() {}

    /**
     * Parses one item (the document element) with every value read literally. The JDK's XML parser holds attribute
     * values as Strings, so a Register's key material sent as XML does pass through Strings (JSON and TTLV do not).
     */
    public static Ttlv parse(String xml) throws KmipTextException {
        return parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), Placeholders.LITERAL);
    }

    public static Ttlv parse(InputStream xml) throws KmipTextException {
        return parse(xml, Placeholders.LITERAL);
    }

    /** Parses one item, passing values that start with {@code $} to {@code placeholders}. */
    public static Ttlv parse(InputStream xml, Placeholders placeholders) throws KmipTextException {
        return new XmlTreeReader(placeholders).read(SecureXmlParser.parse(xml).getDocumentElement());
    }

    /** Renders with KMIP 2.1 enumeration names. */
    public static String render(Ttlv item) {
        return render(item, KmipVersion.V2_1);
    }

    /**
     * Renders with the enumeration names of {@code version}.
     *
     * @throws IllegalArgumentException if a Text String holds a control character XML 1.0 cannot carry
     */
    public static String render(Ttlv item, KmipVersion version) {
        return new XmlTreeWriter(version).write(item);
    }

    /**
     * Renders as UTF-8 bytes with the enumeration names of {@code version}, for a message that may carry key
     * material: Byte Strings go from their bytes to the output without becoming a String.
     *
     * @throws IllegalArgumentException if a Text String holds a control character XML 1.0 cannot carry
     */
    public static byte[] renderUtf8(Ttlv item, KmipVersion version) {
        return new XmlTreeWriter(version).writeUtf8(item);
    }
}
