package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Digest;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.types.Bytes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The Digest attribute (KMIP 1.4 §3.17, 2.1 §4.17): SHA-256 over the object's value, computed by the server when the
 * object is stored. For a key it is taken over the Key Material in the Key Format Type the key was registered or
 * generated in (the format a Get without Key Format Type returns), and names that format; where that format is a
 * structure (Transparent ...), over the canonical byte format instead, which the digest then names. Secret Data is
 * digested as stored; Opaque Objects and Certificates over their value, with no Key Format Type (it applies to keys).
 */
public final class MaterialDigest {
    private static final Set<KeyFormatType> PRIVATE_BYTE_FORMATS = Set.of(KeyFormatType.PKCS_1, KeyFormatType.PKCS_8);
    private static final Set<KeyFormatType> PUBLIC_BYTE_FORMATS = Set.of(KeyFormatType.PKCS_1, KeyFormatType.X_509);

    private MaterialDigest() {}

    public static Attribute of(ObjectType type, StoredMaterial m) {
        switch (type) {
            case SYMMETRIC_KEY:
                return digest(m.bytes(), KeyFormatType.RAW);
            case SECRET_DATA:
                return digest(
                        m.bytes(),
                        EnumCode.of(KeyFormatType.class, m.format()).known().orElse(KeyFormatType.OPAQUE));
            case PRIVATE_KEY: {
                KeyFormatType f = registered(m, PRIVATE_BYTE_FORMATS, KeyFormatType.PKCS_8);
                return digestAndWipe(KeyFormats.privateFromPkcs8(m.bytes(), f), f);
            }
            case PUBLIC_KEY: {
                KeyFormatType f = registered(m, PUBLIC_BYTE_FORMATS, KeyFormatType.X_509);
                return digestAndWipe(KeyFormats.publicFromSpki(m.bytes(), f), f);
            }
            case SPLIT_KEY:
                try (SplitKeyMaterial part = SplitKeyMaterial.of(m)) {
                    return digest(part.part(), KeyFormatType.RAW);
                }
            default:
                return digest(m.bytes(), null);
        }
    }

    private static KeyFormatType registered(StoredMaterial m, Set<KeyFormatType> byteFormats, KeyFormatType canonical) {
        return EnumCode.of(KeyFormatType.class, m.registeredFormat())
                .known()
                .filter(byteFormats::contains)
                .orElse(canonical);
    }

    private static Attribute digestAndWipe(byte[] encoded, KeyFormatType format) {
        try {
            return digest(encoded, format);
        } finally {
            Arrays.fill(encoded, (byte) 0);
        }
    }

    private static Attribute digest(byte[] value, @Nullable KeyFormatType format) {
        try {
            byte[] sha256 = MessageDigest.getInstance("SHA-256").digest(value);
            return Attribute.of(
                    AttributeNames.DIGEST,
                    new Digest(
                            EnumCode.of(HashingAlgorithm.SHA_256),
                            Bytes.of(sha256),
                            format == null ? null : EnumCode.of(format)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
