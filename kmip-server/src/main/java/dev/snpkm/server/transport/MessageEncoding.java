package dev.snpkm.server.transport;

import dev.snpkm.kmip.json.KmipJson;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.xml.KmipXml;
import java.io.ByteArrayInputStream;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * The three message encodings of KMIP over HTTPS, by Content-Type (KMIP Profiles 2.1 §5.3): TTLV, and the JSON
 * (§5.5) and XML (§5.4) encodings of the same tree. The engine speaks TTLV; a text request is converted to TTLV on
 * the way in and its answer back on the way out, named for the answer's protocol version, both by the worker that
 * runs the request (never on an event loop).
 */
enum MessageEncoding {
    TTLV("application/octet-stream"),
    JSON("application/json"),
    XML("text/xml");

    private static final KmipRegistry R = KmipRegistry.get();
    private static final int RESPONSE_HEADER = R.tagValue("Response Header");
    private static final int PROTOCOL_VERSION = R.tagValue("Protocol Version");
    private static final int MAJOR = R.tagValue("Protocol Version Major");
    private static final int MINOR = R.tagValue("Protocol Version Minor");

    private final String mediaType;

    MessageEncoding(String mediaType) {
        this.mediaType = mediaType;
    }

    String mediaType() {
        return mediaType;
    }

    /**
     * The encoding a Content-Type names: its media type, case-insensitively, and a charset parameter, if any, must
     * be UTF-8 (the only one the text encodings are read in).
     */
    static Optional<MessageEncoding> ofContentType(String contentType) {
        String[] parts = contentType.split(";");
        String media = parts[0].trim().toLowerCase(Locale.ROOT);
        for (int i = 1; i < parts.length; i++) {
            String[] param = parts[i].trim().split("=", 2);
            if (param[0].trim().equalsIgnoreCase("charset")
                    && (param.length < 2 || !param[1].trim().replace("\"", "").equalsIgnoreCase("utf-8"))) {
                return Optional.empty();
            }
        }
        for (MessageEncoding e : values()) {
            if (e.mediaType.equals(media)) {
                return Optional.of(e);
            }
        }
        return Optional.empty();
    }

    /**
     * The request as one TTLV message. TTLV passes unchanged (the transport decodes it as it decodes any frame).
     *
     * @throws KmipTextException naming where the text fails to be a KMIP item
     */
    byte[] requestToTtlv(byte[] body) throws KmipTextException {
        if (this == TTLV) {
            return wholeMessage(body);
        }
        Ttlv tree = this == JSON ? json(body) : xml(body);
        try {
            if (!(tree instanceof Ttlv.Structure)) {
                throw new KmipTextException("body", "the message must be a Structure (a Request Message)");
            }
            return TtlvEncoder.encode(tree);
        } finally {
            Ttlv.wipe(tree); // a Register's key material
        }
    }

    /**
     * The TTLV answer in this encoding. The transport built the answer, so it decodes; should it not, the bytes are
     * not a message and that is a bug, reported as such.
     */
    byte[] responseFromTtlv(byte[] ttlv, TtlvDecoder decoder) {
        if (this == TTLV) {
            return ttlv;
        }
        Ttlv tree;
        try {
            tree = decoder.decode(ttlv);
        } catch (TtlvException e) {
            throw new IllegalStateException("the server's own response does not decode: " + e.getMessage(), e);
        }
        try {
            KmipVersion version = versionOf(tree).orElse(KmipVersion.V2_1);
            return this == JSON ? KmipJson.renderUtf8(tree, version) : KmipXml.renderUtf8(tree, version);
        } finally {
            Ttlv.wipe(tree); // a Get's key material
        }
    }

    /** A TTLV body is exactly one message whose top-level item is a Structure, as on the TTLV transport. */
    private static byte[] wholeMessage(byte[] body) throws KmipTextException {
        if (body.length < 8) {
            throw new KmipTextException("body", "a TTLV message is at least 8 bytes, the body has " + body.length);
        }
        long length;
        try {
            length = TtlvDecoder.frameLength(Arrays.copyOf(body, 8));
        } catch (TtlvException e) {
            throw new KmipTextException("body", e.getMessage());
        }
        if (length != body.length) {
            throw new KmipTextException(
                    "body", "the TTLV message says " + length + " bytes, the body has " + body.length);
        }
        return body;
    }

    /** Response Message → Response Header → Protocol Version, for the enumeration names of that version. */
    private static Optional<KmipVersion> versionOf(Ttlv response) {
        if (response instanceof Ttlv.Structure message
                && message.child(RESPONSE_HEADER).orElse(null) instanceof Ttlv.Structure header
                && header.child(PROTOCOL_VERSION).orElse(null) instanceof Ttlv.Structure version
                && version.child(MAJOR).orElse(null) instanceof Ttlv.IntegerItem major
                && version.child(MINOR).orElse(null) instanceof Ttlv.IntegerItem minor) {
            return Optional.of(new KmipVersion(major.value(), minor.value()));
        }
        return Optional.empty();
    }

    /** JSON from UTF-8 without a String of the body: a Register's key is decoded from text that is then zeroed. */
    private static Ttlv json(byte[] body) throws KmipTextException {
        SecretText text = SecretText.utf8(body);
        try {
            return KmipJson.parse(text);
        } finally {
            text.wipe();
        }
    }

    /** XML from the body's bytes once they are known to be UTF-8 (the only charset the Content-Type allows). */
    private static Ttlv xml(byte[] body) throws KmipTextException {
        SecretText.utf8(body).wipe(); // refuses what is not UTF-8, as for JSON
        return KmipXml.parse(new ByteArrayInputStream(body));
    }
}
