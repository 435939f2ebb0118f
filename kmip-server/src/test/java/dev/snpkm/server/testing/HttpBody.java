package dev.snpkm.server.testing;

import dev.snpkm.kmip.json.KmipJson;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.xml.KmipXml;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/** The three KMIP-over-HTTPS body encodings as a client writes and reads them (KMIP Profiles 2.1 §5.3–5.5). */
public enum HttpBody {
    TTLV("application/octet-stream"),
    JSON("application/json"),
    XML("text/xml");

    private final String contentType;

    HttpBody(String contentType) {
        this.contentType = contentType;
    }

    public String contentType() {
        return contentType;
    }

    public byte[] encode(Ttlv message, KmipVersion version) {
        switch (this) {
            case JSON:
                return KmipJson.render(message, version).getBytes(StandardCharsets.UTF_8);
            case XML:
                return KmipXml.render(message, version).getBytes(StandardCharsets.UTF_8);
            default:
                return TtlvEncoder.encode(message);
        }
    }

    public Ttlv decode(byte[] body) throws IOException {
        try {
            switch (this) {
                case JSON:
                    return KmipJson.parse(new String(body, StandardCharsets.UTF_8));
                case XML:
                    return KmipXml.parse(new String(body, StandardCharsets.UTF_8));
                default:
                    return new TtlvDecoder().decode(body);
            }
        } catch (KmipTextException | TtlvException e) {
            throw new IOException("the server's " + contentType + " body does not parse: " + e.getMessage(), e);
        }
    }
}
