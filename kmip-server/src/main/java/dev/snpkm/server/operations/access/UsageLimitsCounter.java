package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import java.util.Optional;

/**
 * Usage Limits (KMIP 1.4 §3.21, 2.1 §4.62): an operation that applies protection with a key (Encrypt, Sign, MAC)
 * spends the units it protects — bytes of data for Unit Byte, one per operation (or stream) for Unit Object — from
 * the key's Usage Limits Count. The count is read under the row lock and written back in the batch's unit of work,
 * so it is durable before the client hears success and a failed item gives its units back; a use that needs more
 * than is left is Permission Denied, as the Profiles' CS-BC-M-7 case expects.
 */
public final class UsageLimitsCounter {
    private UsageLimitsCounter() {}

    /**
     * Spends one use of {@code key} protecting {@code bytes} bytes; a use that processes protected data (Decrypt,
     * Signature Verify, MAC Verify) spends nothing.
     *
     * @param counts whether the use counts as an object (the single-shot request, or a stream's first part)
     */
    public static void charge(KmipObject key, ServiceKeys.Use use, long bytes, boolean counts, OperationContext ctx) {
        if (!use.protecting() || limits(key).isEmpty()) {
            return; // no limits: nothing to count, no lock taken
        }
        KmipObject locked = ObjectAccess.loadForUpdate(key.uid(), ctx);
        Optional<UsageLimits> limits = limits(locked);
        if (limits.isEmpty()) {
            return;
        }
        UsageLimits l = limits.get();
        boolean perByte = isPerByte(l);
        spend(locked, l, perByte ? bytes : (counts ? 1 : 0), ctx);
    }

    /**
     * Get Usage Allocation (KMIP 1.4 §4.18, 2.1 §6.1.29): the client will apply protection itself with {@code units}
     * of the key's Usage Limits Count; the server assumes all of them are used and spends them now.
     */
    public static void allocate(KmipObject key, long units, OperationContext ctx) {
        KmipObject locked = ObjectAccess.loadForUpdate(key.uid(), ctx);
        UsageLimits l = limits(locked)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.PERMISSION_DENIED,
                        "object " + key.uid() + " has no Usage Limits; there is nothing to allocate from"));
        spend(locked, l, units, ctx);
    }

    /**
     * The units left of the key's Usage Limits (in its Usage Limits Unit), as last committed; empty for a key without
     * Usage Limits.
     */
    public static Optional<Long> left(KmipObject key) {
        return limits(key).map(UsageLimitsCounter::left);
    }

    private static long left(UsageLimits l) {
        return l.count() != null ? l.count() : (l.total() != null ? l.total() : 0);
    }

    /**
     * Refuses a key whose Usage Limits are spent, spending nothing: for a use whose size is known only later (a key
     * wrap, charged when the wrapped bytes are known), so a spent key fails before anything else is done.
     */
    public static void requireLeft(KmipObject key) {
        if (left(key).filter(n -> n <= 0).isPresent()) {
            throw new KmipOperationException(
                    ResultReason.PERMISSION_DENIED, "object " + key.uid() + " has used up its Usage Limits");
        }
    }

    private static void spend(KmipObject locked, UsageLimits l, long units, OperationContext ctx) {
        long left = left(l);
        if (units > left) {
            throw new KmipOperationException(
                    ResultReason.PERMISSION_DENIED,
                    "object " + locked.uid() + " has used up its Usage Limits: " + left + " "
                            + (isPerByte(l) ? "bytes" : "uses") + " left, this request needs " + units);
        }
        if (units == 0) {
            return;
        }
        ObjectAccess.saveAttributes(
                locked,
                StoredAttributes.replace(
                        locked.attributes(),
                        Attribute.of(AttributeNames.USAGE_LIMITS, new UsageLimits(l.total(), left - units, l.unit()))),
                ctx);
    }

    private static boolean isPerByte(UsageLimits l) {
        return l.unit() != null && l.unit().is(UsageLimitsUnit.BYTE);
    }

    private static Optional<UsageLimits> limits(KmipObject key) {
        return key.attributes().value(AttributeNames.USAGE_LIMITS, UsageLimits.class);
    }
}
