package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.ProtectionStorageMask;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Where this server keeps objects (KMIP 2.1 §4.41 Protection Storage Mask, §7.33 Protection Storage Masks): every
 * object's material is sealed by the software master key (crypto.SoftwareMasterKey) and stored in the database, so
 * the only protection storage offered is Software. No HSM, no on-processor storage is claimed.
 */
public final class ProtectionStorage {
    static final String ATTRIBUTE = "Protection Storage Mask";

    /** The storage every object is in. */
    static final int OFFERED = ProtectionStorageMask.SOFTWARE.value();

    private ProtectionStorage() {}

    /** The server-set attribute recording the storage a new object is in. */
    static Attribute attribute() {
        return AttributeFactory.integer(ATTRIBUTE, OFFERED);
    }

    /** The masks Query Storage Protection Masks reports (2.1 §6.1.37): Software alone. */
    public static int offered() {
        return OFFERED;
    }

    /**
     * A create request's acceptable masks (2.1 §7.33; null or empty: any storage): one of them must allow Software,
     * else Protection Storage Unavailable (2.1 §11.46 0x44).
     */
    public static void check(@Nullable List<Integer> acceptable) {
        if (acceptable == null || acceptable.isEmpty()) {
            return;
        }
        for (Integer mask : acceptable) {
            if (mask != null && (mask & OFFERED) != 0) {
                return;
            }
        }
        throw new KmipOperationException(
                ResultReason.PROTECTION_STORAGE_UNAVAILABLE,
                "this server stores objects only in Software protection storage (master-key sealed), "
                        + "which none of the requested Protection Storage Masks allows");
    }
}
