package dev.snpkm.client.attestation;

import dev.snpkm.client.KmipOperationException;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.types.Secret;
import java.security.GeneralSecurityException;
import java.util.Arrays;

/**
 * Opens the key block a release returns: wrapped to the ephemeral key by its scheme (ECDH + AES key wrap or
 * RSA-OAEP-SHA256, docs/KEY-WRAPPING.md), whose plaintext is the TTLV Key Value {Key Material} (KMIP 1.4 §2.1.5 Key
 * Wrapping Data, Encoding Option TTLV Encoding). Every intermediate buffer is zeroed.
 */
final class WrappedKeyOpener {
    private WrappedKeyOpener() {}

    static ReleasedKey open(ManagedObject released, EphemeralWrappingKey key) throws KmipOperationException {
        KeyBlock block = keyBlock(released);
        if (!(block.keyValue() instanceof KeyValue.Wrapped wrapped)) {
            throw refused("the key manager returned the key unwrapped although a wrapping key was named");
        }
        byte[] ciphertext = wrapped.bytes().toByteArray();
        byte[] plain = null;
        Ttlv keyValue = null;
        try {
            plain = key.unwrap(ciphertext);
            keyValue = new TtlvDecoder().decode(plain);
            if (keyValue instanceof Ttlv.Structure s
                    && s.child(Tag.KEY_MATERIAL).orElse(null) instanceof Ttlv.ByteString m) {
                byte[] material = m.value();
                try {
                    return released(released, block, material);
                } finally {
                    Arrays.fill(material, (byte) 0);
                }
            }
            throw refused("the unwrapped Key Value has no Key Material byte string");
        } catch (GeneralSecurityException e) {
            throw refused("the released key does not unwrap under the ephemeral key ("
                    + e.getClass().getSimpleName() + ")");
        } catch (TtlvException e) {
            throw refused("the unwrapped Key Value is not valid TTLV");
        } finally {
            Arrays.fill(ciphertext, (byte) 0);
            if (plain != null) {
                Arrays.fill(plain, (byte) 0);
            }
            if (keyValue != null) {
                Ttlv.wipe(keyValue); // the decoded tree's own copy of the material
            }
        }
    }

    /** The material of a key released unwrapped (an unbound key: no attestation was asked for). */
    static ReleasedKey openPlain(ManagedObject released) throws KmipOperationException {
        KeyBlock block = keyBlock(released);
        if (block.keyValue() instanceof KeyValue.Plain p && p.material() instanceof KeyMaterial.Raw raw) {
            byte[] material = raw.bytes().toByteArray();
            try {
                return released(released, block, material);
            } finally {
                Arrays.fill(material, (byte) 0);
            }
        }
        throw refused("the key manager returned the key in an unexpected form (not raw Key Material)");
    }

    private static ReleasedKey released(ManagedObject released, KeyBlock block, byte[] material) {
        return new ReleasedKey(
                released.objectType(),
                block.cryptographicAlgorithm(),
                block.cryptographicLength(),
                Secret.of(material));
    }

    private static KeyBlock keyBlock(ManagedObject released) throws KmipOperationException {
        if (released instanceof ManagedObject.SymmetricKey k) {
            return k.keyBlock();
        } else if (released instanceof ManagedObject.SecretData s) {
            return s.keyBlock();
        }
        throw refused("the released object is a " + released.objectType() + ", not a key");
    }

    private static KmipOperationException refused(String why) {
        return new KmipOperationException(
                EnumCode.of(Operation.GET),
                EnumCode.of(ResultStatus.OPERATION_FAILED),
                EnumCode.of(ResultReason.CRYPTOGRAPHIC_FAILURE),
                why);
    }
}
