package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.Sign;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.cryptoservice.AsymmetricKeys;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.cryptoservice.Signatures;
import dev.snpkm.server.operations.access.ServiceKeys;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * Sign (KMIP 1.4 §4.31, 2.1 §6.1 Sign) with a Private Key: RSASSA-PSS, RSASSA-PKCS1-v1_5 or ECDSA
 * ({@link SignatureSchemes}), over Data (also in parts) or over Digested Data the client hashed. The key is checked by
 * {@link ServiceKeys}: never a bound key; Active; Sign in its usage mask; before its Protect Stop Date.
 */
public final class SignHandler implements OperationHandler<Sign.Request> {
    static final ServiceKeys.Use USE =
            new ServiceKeys.Use(Operation.SIGN, CryptographicUsageMask.SIGN, true, Set.of(ObjectType.PRIVATE_KEY));

    private final ServiceStreams<Signatures> streams = new ServiceStreams<>();

    @Override
    public Operation operation() {
        return Operation.SIGN;
    }

    @Override
    public Class<Sign.Request> requestType() {
        return Sign.Request.class;
    }

    @Override
    public ResponsePayload handle(Sign.Request request, OperationContext ctx) {
        try {
            SignatureParts.Step step = SignatureParts.step(
                    streams,
                    USE,
                    request.uniqueIdentifier(),
                    request.parameters(),
                    request.data(),
                    request.digestedData(),
                    request.stream(),
                    (scheme, family, material) -> scheme.forSigning(
                            AsymmetricKeys.privateKey(family, material),
                            ctx.services().random()),
                    ctx);
            if (step.signature() == null) {
                return new Sign.Response(step.uid(), null, step.correlation());
            }
            return new Sign.Response(step.uid(), Bytes.of(step.signature().sign()), null);
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.cryptographicFailure(
                    "signing failed: " + e.getClass().getSimpleName());
        }
    }
}
