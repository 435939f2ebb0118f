package dev.snpkm.server.crypto;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.crypto.AEADBadTagException;

/**
 * Seals each managed object's material under the current master key, bound to the object's unique identifier, so
 * that material copied to another row (or another database) fails to open.
 *
 * <p>Envelope: master key version (1 byte) ‖ the master key's blob. Associated data:
 * {@code "snpkm-material-v1" 0x00 version uid-utf8}, so neither the version byte nor the uid can be swapped.
 * Older keys stay listed for opening until their objects are resealed (rotation).
 */
public final class MaterialSealer {
    private static final byte[] CONTEXT = "snpkm-material-v1".getBytes(StandardCharsets.US_ASCII);

    private final MasterKey current;
    private final Map<Integer, MasterKey> byVersion = new HashMap<>();

    /** {@code current} seals; it and {@code older} open. */
    public MaterialSealer(MasterKey current, List<MasterKey> older) {
        this.current = current;
        for (MasterKey k : older) {
            byVersion.put(k.version(), k);
        }
        byVersion.put(current.version(), current);
    }

    public MaterialSealer(MasterKey current) {
        this(current, List.of());
    }

    /** The envelope for this object's material. */
    public byte[] seal(String uid, byte[] material) {
        try {
            byte[] blob = current.seal(material, associatedData(uid, current.version()));
            byte[] envelope = new byte[1 + blob.length];
            envelope[0] = (byte) current.version();
            System.arraycopy(blob, 0, envelope, 1, blob.length);
            return envelope;
        } catch (GeneralSecurityException e) {
            throw new SealedMaterialException(
                    uid, "could not be sealed: " + e.getClass().getSimpleName(), e);
        }
    }

    /** The material of this object; the caller zeroes it when done. */
    public byte[] unseal(String uid, byte[] envelope) {
        if (envelope.length < 2) {
            throw new SealedMaterialException(uid, "is truncated", null);
        }
        int version = envelope[0] & 0xFF;
        MasterKey key = byVersion.get(version);
        if (key == null) {
            throw new SealedMaterialException(
                    uid,
                    "is sealed under master key version " + version
                            + ", which this server does not hold; load that key to open it",
                    null);
        }
        byte[] blob = new byte[envelope.length - 1];
        System.arraycopy(envelope, 1, blob, 0, blob.length);
        try {
            return key.open(blob, associatedData(uid, version));
        } catch (AEADBadTagException e) {
            throw new SealedMaterialException(
                    uid, "failed authentication: it was modified or belongs to " + "another object", e);
        } catch (GeneralSecurityException e) {
            throw new SealedMaterialException(
                    uid, "could not be opened: " + e.getClass().getSimpleName(), e);
        }
    }

    /** Whether this envelope was sealed under an older master key and should be resealed. */
    public boolean isSealedUnderOlderKey(byte[] envelope) {
        return envelope.length > 0 && (envelope[0] & 0xFF) != current.version();
    }

    private static byte[] associatedData(String uid, int version) {
        byte[] id = uid.getBytes(StandardCharsets.UTF_8);
        byte[] aad = new byte[CONTEXT.length + 2 + id.length];
        System.arraycopy(CONTEXT, 0, aad, 0, CONTEXT.length);
        aad[CONTEXT.length] = 0;
        aad[CONTEXT.length + 1] = (byte) version;
        System.arraycopy(id, 0, aad, CONTEXT.length + 2, id.length);
        return aad;
    }
}
