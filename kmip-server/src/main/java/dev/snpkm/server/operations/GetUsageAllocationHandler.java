package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.GetUsageAllocation;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UsageLimitsCounter;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Get Usage Allocation (KMIP 1.4 §4.18, 2.1 §6.1.29): the client asks for Usage Limits Count units of a key's Usage
 * Limits to apply protection itself; the server spends them from the count the cryptographic services also spend
 * from ({@link UsageLimitsCounter}). Only a key that may apply protection now qualifies, checked as Encrypt, Sign and
 * MAC check theirs ({@link ServiceKeys}): a Symmetric, Public or Private Key, not bound to an attestation policy
 * (nothing is allocated from a key no service may use), not destroyed, Active, before its Protect Stop Date, with an
 * Encrypt, Sign, MAC Generate or Wrap Key bit. No material leaves: the response is the Unique Identifier. A key
 * without Usage Limits, or with fewer units left than asked, is Permission Denied, as a spent key's Encrypt is.
 */
public final class GetUsageAllocationHandler implements OperationHandler<GetUsageAllocation.Request> {
    private static final Set<ObjectType> KEYS =
            EnumSet.of(ObjectType.SYMMETRIC_KEY, ObjectType.PUBLIC_KEY, ObjectType.PRIVATE_KEY);
    private static final List<CryptographicUsageMask> PROTECTING = List.of(
            CryptographicUsageMask.ENCRYPT,
            CryptographicUsageMask.SIGN,
            CryptographicUsageMask.MAC_GENERATE,
            CryptographicUsageMask.WRAP_KEY);

    @Override
    public Operation operation() {
        return Operation.GET_USAGE_ALLOCATION;
    }

    @Override
    public Class<GetUsageAllocation.Request> requestType() {
        return GetUsageAllocation.Request.class;
    }

    @Override
    public ResponsePayload handle(GetUsageAllocation.Request request, OperationContext ctx) {
        if (request.usageLimitsCount() <= 0) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Usage Limits Count must be positive, got " + request.usageLimitsCount());
        }
        KmipObject key = ServiceKeys.loadForProtection(
                request.uniqueIdentifier(), Operation.GET_USAGE_ALLOCATION, KEYS, PROTECTING, ctx);
        UsageLimitsCounter.allocate(key, request.usageLimitsCount(), ctx);
        return new GetUsageAllocation.Response(key.uid());
    }
}
