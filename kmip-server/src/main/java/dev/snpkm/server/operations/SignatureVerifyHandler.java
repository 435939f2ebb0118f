package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.SignatureVerify;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.cryptoservice.AsymmetricKeys;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.cryptoservice.Signatures;
import dev.snpkm.server.operations.access.ServiceKeys;
import java.security.GeneralSecurityException;
import java.util.Set;

/**
 * Signature Verify (KMIP 1.4 §4.32, 2.1 §6.1 Signature Verify) with a Public Key: the schemes of {@link SignHandler},
 * over Data (also in parts; the Signature Data comes with the final part) or Digested Data. A signature that does not
 * verify, malformed ones included, is a success answering Validity Indicator Invalid. The key is checked by
 * {@link ServiceKeys}: never a bound key; Active, Deactivated or Compromised; Verify in its usage mask; past its
 * Process Start Date.
 */
public final class SignatureVerifyHandler implements OperationHandler<SignatureVerify.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.SIGNATURE_VERIFY, CryptographicUsageMask.VERIFY, false, Set.of(ObjectType.PUBLIC_KEY));

    private final ServiceStreams<Signatures> streams = new ServiceStreams<>();

    @Override
    public Operation operation() {
        return Operation.SIGNATURE_VERIFY;
    }

    @Override
    public Class<SignatureVerify.Request> requestType() {
        return SignatureVerify.Request.class;
    }

    @Override
    public ResponsePayload handle(SignatureVerify.Request request, OperationContext ctx) {
        try {
            SignatureParts.Step step = SignatureParts.step(
                    streams,
                    USE,
                    request.uniqueIdentifier(),
                    request.parameters(),
                    request.data(),
                    request.digestedData(),
                    request.stream(),
                    (scheme, family, material) -> scheme.forVerifying(AsymmetricKeys.publicKey(family, material)),
                    ctx);
            if (step.signature() == null) {
                // KMIP 1.4 §4.33 / 2.1: Validity Indicator is required in every response; mid-stream it is Unknown
                // (PyKMIP's client cannot parse the response without it).
                return new SignatureVerify.Response(
                        step.uid(), EnumCode.of(ValidityIndicator.UNKNOWN), null, step.correlation());
            }
            return verdict(step.uid(), step.signature(), signature(request));
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.cryptographicFailure(
                    "verification failed: " + e.getClass().getSimpleName());
        }
    }

    private static byte[] signature(SignatureVerify.Request request) {
        if (request.signatureData() == null) {
            throw ServiceRefusals.missing("Signature Verify needs the Signature Data (in the final part of a stream)");
        }
        return request.signatureData().toByteArray();
    }

    private static SignatureVerify.Response verdict(String uid, Signatures s, byte[] signature) {
        return new SignatureVerify.Response(
                uid,
                EnumCode.of(s.verify(signature) ? ValidityIndicator.VALID : ValidityIndicator.INVALID),
                null,
                (Bytes) null);
    }
}
