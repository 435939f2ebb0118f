package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.mapping.ProtocolVersions;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import java.util.ArrayList;
import java.util.List;

/**
 * Discover Versions payloads (KMIP 1.4 §4.26, 2.1 §6.1.16): request {Protocol Version*} in decreasing preference →
 * response {Protocol Version*}, the versions both sides support.
 */
public final class DiscoverVersions {
    private DiscoverVersions() {}

    public record Request(List<KmipVersion> versions) implements RequestPayload {
        public Request {
            versions = List.copyOf(versions);
        }
    }

    public record Response(List<KmipVersion> versions) implements ResponsePayload {
        public Response {
            versions = List.copyOf(versions);
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.DISCOVER_VERSIONS,
            Request.class,
            r -> new Request(read(r)),
            (p, w) -> write(w, p.versions()),
            Response.class,
            r -> new Response(read(r)),
            (p, w) -> write(w, p.versions()));

    private static List<KmipVersion> read(FieldReader r) throws KmipMappingException {
        List<KmipVersion> out = new ArrayList<>();
        for (FieldReader v : r.structs(Tag.PROTOCOL_VERSION)) {
            out.add(ProtocolVersions.decode(v));
        }
        return out;
    }

    private static void write(FieldWriter w, List<KmipVersion> versions) {
        versions.forEach(v -> w.add(ProtocolVersions.encode(v)));
    }
}
