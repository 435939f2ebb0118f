package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.payload.MacVerify;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.cryptoservice.ServiceRefusals;
import dev.snpkm.server.cryptoservice.ServiceStreams;
import dev.snpkm.server.operations.access.ServiceKeys;
import java.security.MessageDigest;
import java.util.Set;

/**
 * MAC Verify (KMIP 1.4 §4.34, 2.1 §6.1 MAC Verify): recomputes the HMAC of {@link MacHandler} and compares it with MAC
 * Data in constant time; a mismatch is a success answering Validity Indicator Invalid. The key is checked by
 * {@link ServiceKeys}: never a bound key; Active, Deactivated or Compromised; MAC Verify in its usage mask; past its
 * Process Start Date.
 */
public final class MacVerifyHandler implements OperationHandler<MacVerify.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.MAC_VERIFY, CryptographicUsageMask.MAC_VERIFY, false, Set.of(ObjectType.SYMMETRIC_KEY));

    private final ServiceStreams<javax.crypto.Mac> streams = new ServiceStreams<>();

    @Override
    public Operation operation() {
        return Operation.MAC_VERIFY;
    }

    @Override
    public Class<MacVerify.Request> requestType() {
        return MacVerify.Request.class;
    }

    @Override
    public ResponsePayload handle(MacVerify.Request request, OperationContext ctx) {
        // The key is checked (and a bound key refused) before anything about the request's content is judged.
        MacHandler.Computed c = MacHandler.compute(
                streams, USE, request.uniqueIdentifier(), request.parameters(), request.data(), request.stream(), ctx);
        if (c.mac() == null) {
            // KMIP 1.4 §4.35 / 2.1: Validity Indicator is required in every response; mid-stream it is Unknown.
            return new MacVerify.Response(c.uid(), EnumCode.of(ValidityIndicator.UNKNOWN), c.correlation());
        }
        if (request.macData() == null) {
            throw ServiceRefusals.missing("MAC Verify needs the MAC Data (in the final part of a stream)");
        }
        boolean valid = MessageDigest.isEqual(c.mac(), request.macData().toByteArray());
        return new MacVerify.Response(
                c.uid(), EnumCode.of(valid ? ValidityIndicator.VALID : ValidityIndicator.INVALID), null);
    }
}
