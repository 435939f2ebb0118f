package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.EndpointRole;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.SetEndpointRole;

/**
 * Set Endpoint Role (KMIP 2.0+, 2.1 §6.1 "Set Endpoint Role"; a Baseline Server operation, Profiles 2.1 §5.1.2): the
 * client asks the server which role to take on the connection. This server only ever serves: Server is confirmed,
 * Client (the server would send requests: Notify, Put) is Feature Not Supported, an unknown role Invalid Field.
 */
public final class SetEndpointRoleHandler implements OperationHandler<SetEndpointRole.Request> {
    @Override
    public Operation operation() {
        return Operation.SET_ENDPOINT_ROLE;
    }

    @Override
    public Class<SetEndpointRole.Request> requestType() {
        return SetEndpointRole.Request.class;
    }

    @Override
    public ResponsePayload handle(SetEndpointRole.Request request, OperationContext ctx) {
        EndpointRole role = request.endpointRole()
                .known()
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD, "Endpoint Role " + request.endpointRole() + " is not defined"));
        if (role != EndpointRole.SERVER) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "this server acts only as a server; it never sends requests to its clients");
        }
        return new SetEndpointRole.Response(EnumCode.of(EndpointRole.SERVER));
    }
}
