package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.enums.EndpointRole;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.tags.Tag;
import java.util.Objects;

/**
 * Set Endpoint Role payloads (KMIP 2.0+, 2.1 §6.1 "Set Endpoint Role"): request {Endpoint Role} → response {Endpoint
 * Role}, the role the server will act in.
 */
public final class SetEndpointRole {
    private SetEndpointRole() {}

    public record Request(EnumCode<EndpointRole> endpointRole) implements RequestPayload {
        public Request {
            Objects.requireNonNull(endpointRole, "endpointRole");
        }
    }

    public record Response(EnumCode<EndpointRole> endpointRole) implements ResponsePayload {
        public Response {
            Objects.requireNonNull(endpointRole, "endpointRole");
        }
    }

    static final PayloadMapping<Request, Response> MAPPING = new PayloadMapping<>(
            Operation.SET_ENDPOINT_ROLE,
            Request.class,
            r -> new Request(r.enumeration(Tag.ENDPOINT_ROLE, EndpointRole.class)),
            (p, w) -> w.enumeration(Tag.ENDPOINT_ROLE, p.endpointRole()),
            Response.class,
            r -> new Response(r.enumeration(Tag.ENDPOINT_ROLE, EndpointRole.class)),
            (p, w) -> w.enumeration(Tag.ENDPOINT_ROLE, p.endpointRole()));
}
