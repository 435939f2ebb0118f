package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EncodingOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingData;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.wrap.EcdhCurve;
import dev.snpkm.server.wrap.EcdhKeyWrap;
import dev.snpkm.server.wrap.WrappingStrength;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.SecureRandom;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.function.LongConsumer;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.jspecify.annotations.Nullable;

/**
 * Key wrapping for Get (KMIP 1.4 §2.1.5-2.1.6, docs/KEY-WRAPPING.md): Wrapping Method Encrypt with an RSA public key
 * (RSA-OAEP, SHA-256 for both the OAEP digest and MGF1), an EC P-256/P-384 public key (ephemeral-static ECDH, SHA-384
 * one-step KDF, AES-256 key wrap RFC 3394 or RFC 5649, {@link EcdhKeyWrap}) or an AES key (RFC 3394). The scheme
 * follows from the wrapping key's material; the Cryptographic Parameters must agree with it. The wrapped bytes are the
 * TTLV-encoded Key Value (Encoding Option absent or TTLV Encoding) or the raw Key Material (No Encoding). The Key
 * Wrapping Data returned equals the specification minus its Attribute Names, with the wrapping key's UID resolved.
 */
public final class KeyWrapper {
    private static final OAEPParameterSpec OAEP_SHA256 =
            new OAEPParameterSpec("SHA-256", "MGF1", MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);
    private static final SecureRandom RANDOM = new SecureRandom();

    /** One validated wrapping scheme, bound to its key. */
    @FunctionalInterface
    private interface WrapMethod {
        byte[] wrap(byte[] input);
    }

    private KeyWrapper() {}

    /**
     * Refuses a specification this wrapping key cannot serve, before anything is released: the gate consumes the
     * nonce and audits a release, so a request that would fail at the wrap must fail first.
     */
    public static void check(KeyWrappingSpecification kws, KmipObject wrappingKey, byte[] wrappingMaterial) {
        method(kws, wrappingKey, wrappingMaterial);
    }

    /**
     * The key block wrapped under the wrapping key's material (X.509 SPKI for public keys, raw AES otherwise); {@code
     * charge} is given the number of bytes about to be wrapped first (a wrap spends the wrapping key's Usage Limits).
     */
    public static KeyBlock wrap(
            KeyBlock plain,
            KeyWrappingSpecification kws,
            KmipObject wrappingKey,
            byte[] wrappingMaterial,
            LongConsumer charge) {
        WrapMethod method = method(kws, wrappingKey, wrappingMaterial);
        boolean noEncoding =
                kws.encodingOption() != null && kws.encodingOption().is(EncodingOption.NO_ENCODING);
        byte[] input;
        if (noEncoding) {
            input = rawMaterial(plain);
        } else {
            Ttlv value = keyValue(plain);
            input = TtlvEncoder.encode(value);
            if (plainValue(plain).material() instanceof KeyMaterial.Raw) {
                Ttlv.wipe(value); // its own copy of the key; a Transparent key's fields are the block's, left alone
            }
        }
        try {
            charge.accept(input.length);
            byte[] wrapped = method.wrap(input);
            KeyWrappingData data = new KeyWrappingData(
                    kws.wrappingMethod(),
                    new KeyInformation(
                            UniqueIdentifier.of(wrappingKey.uid()),
                            encryptionKey(kws).parameters()),
                    null,
                    null,
                    null,
                    kws.encodingOption());
            return new KeyBlock(
                    plain.keyFormatType(),
                    null,
                    new KeyValue.Wrapped(Secret.of(wrapped)),
                    plain.cryptographicAlgorithm(),
                    plain.cryptographicLength(),
                    data);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private static WrapMethod method(KeyWrappingSpecification kws, KmipObject key, byte[] material) {
        if (!kws.attributeNames().isEmpty()) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "Attribute Name in a Key Wrapping Specification is not supported; omit it");
        }
        CryptographicParameters p = encryptionKey(kws).parameters();
        if (key.objectType() != ObjectType.PUBLIC_KEY) {
            requireAesKeyWrap(p);
            return input -> aesKeyWrap(input, material);
        }
        SubjectPublicKeyInfo spki = spki(material, key.uid());
        ASN1ObjectIdentifier algorithm = spki.getAlgorithm().getAlgorithm();
        if (algorithm.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            requireRsaOaep(p);
            requireStrongEnough(spki, key.uid());
            return input -> rsaOaep(input, material);
        }
        if (algorithm.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return ecdh(spki, ecdhMode(p), key.uid());
        }
        throw new KmipOperationException(
                ResultReason.FEATURE_NOT_SUPPORTED,
                "wrapping key " + key.uid()
                        + " is neither an RSA nor an EC public key; wrap to RSA (RSA-OAEP) or EC P-256/P-384 (ECDH + AES-KW)");
    }

    /** WrappingKeys.resolve refuses a specification without one first; this fails closed should a caller skip it. */
    private static KeyInformation encryptionKey(KeyWrappingSpecification kws) {
        KeyInformation k = kws.encryptionKey();
        if (k == null) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED, "key wrapping needs Encryption Key Information");
        }
        return k;
    }

    /** The plain Key Value of a block ObjectMaterials.toWire built; anything else is refused, never wrapped. */
    private static KeyValue.Plain plainValue(KeyBlock plain) {
        if (!(plain.keyValue() instanceof KeyValue.Plain v)) {
            throw new IllegalStateException("only a plain Key Value can be wrapped");
        }
        return v;
    }

    private static Ttlv keyValue(KeyBlock plain) {
        KeyValue.Plain v = plainValue(plain);
        if (v.material() instanceof KeyMaterial.Raw raw) {
            byte[] copy = raw.bytes().toByteArray();
            try {
                return Ttlv.structure(Tag.KEY_VALUE, Ttlv.bytes(Tag.KEY_MATERIAL, copy));
            } finally {
                Arrays.fill(copy, (byte) 0); // the Byte String holds its own copy, wiped once encoded
            }
        }
        Ttlv.Structure t = ((KeyMaterial.Transparent) v.material()).structure();
        return Ttlv.structure(Tag.KEY_VALUE, Ttlv.structure(Tag.KEY_MATERIAL, t.children()));
    }

    private static byte[] rawMaterial(KeyBlock plain) {
        KeyValue.Plain v = plainValue(plain);
        if (v.material() instanceof KeyMaterial.Raw raw) {
            return raw.bytes().toByteArray();
        }
        throw new KmipOperationException(
                ResultReason.ENCODING_OPTION_ERROR,
                "No Encoding needs a Key Material byte string; ask for Key Format Type Raw");
    }

    private static SubjectPublicKeyInfo spki(byte[] material, String uid) {
        try {
            return SubjectPublicKeyInfo.getInstance(material);
        } catch (IllegalArgumentException e) {
            throw new KmipOperationException(
                    ResultReason.CRYPTOGRAPHIC_FAILURE,
                    "wrapping key " + uid + " has an unreadable SubjectPublicKeyInfo");
        }
    }

    /** No key leaves wrapped to a public key weaker than 112 bits (RSA below 2048): anyone could then unwrap it. */
    private static void requireStrongEnough(SubjectPublicKeyInfo spki, String uid) {
        WrappingStrength strength = WrappingStrength.of(spki);
        if (strength.bits() < WrappingStrength.LEAST_BITS) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "wrapping key " + uid + " is " + strength.describe()
                            + "; this server wraps only to keys of at least " + WrappingStrength.LEAST_BITS
                            + "-bit security (RSA-2048 or larger, EC P-256/P-384)");
        }
    }

    private static void requireRsaOaep(@Nullable CryptographicParameters p) {
        if (p != null && p.blockCipherMode().isPresent()) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "Block Cipher Mode "
                            + p.blockCipherMode().get()
                            + " asks for AES key wrap, which needs an EC (ECDH) or AES wrapping "
                            + "key; an RSA wrapping key uses OAEP: omit the Block Cipher Mode");
        }
        if (p != null
                && (p.paddingMethod().map(m -> !m.is(PaddingMethod.OAEP)).orElse(false)
                        || p.hashingAlgorithm()
                                .map(h -> !h.is(HashingAlgorithm.SHA_256))
                                .orElse(false)
                        || p.maskGeneratorHashingAlgorithm()
                                .map(h -> !h.is(HashingAlgorithm.SHA_256))
                                .orElse(false))) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "RSA wrapping supports only OAEP with SHA-256 and MGF1-SHA-256");
        }
    }

    private static byte[] rsaOaep(byte[] input, byte[] spki) {
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
            c.init(Cipher.ENCRYPT_MODE, key, OAEP_SHA256);
            return c.doFinal(input);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KmipOperationException(
                    ResultReason.CRYPTOGRAPHIC_FAILURE,
                    "RSA-OAEP wrapping failed: the wrapping key must be an RSA key large enough for the Key Value");
        }
    }

    /** The AES key wrap an EC wrapping key's Cryptographic Parameters ask for; the KDF hash is fixed (SHA-384). */
    private static EcdhKeyWrap.Mode ecdhMode(@Nullable CryptographicParameters p) {
        if (p == null || p.blockCipherMode().isEmpty()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "an EC wrapping key needs Cryptographic "
                            + "Parameters with Block Cipher Mode NISTKeyWrap or AESKeyWrapPadding (ECDH + AES key wrap)");
        }
        if (p.paddingMethod().isPresent()
                || p.maskGenerator().isPresent()
                || p.hashingAlgorithm()
                        .map(h -> !h.is(HashingAlgorithm.SHA_384))
                        .orElse(false)
                || p.cryptographicAlgorithm()
                        .map(a -> !a.is(CryptographicAlgorithm.AES))
                        .orElse(false)) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "ECDH wrapping takes only a Block "
                            + "Cipher Mode (its KDF is SHA-384, its cipher AES-256); omit Padding Method and Mask Generator");
        }
        EnumCode<BlockCipherMode> mode = p.blockCipherMode().get();
        if (mode.is(BlockCipherMode.NIST_KEY_WRAP)) {
            return EcdhKeyWrap.Mode.RFC_3394;
        }
        if (mode.is(BlockCipherMode.AES_KEY_WRAP_PADDING)) {
            return EcdhKeyWrap.Mode.RFC_5649;
        }
        throw new KmipOperationException(
                ResultReason.FEATURE_NOT_SUPPORTED,
                "ECDH wrapping supports Block Cipher "
                        + "Mode NISTKeyWrap (RFC 3394) or AESKeyWrapPadding (RFC 5649), not " + mode);
    }

    private static WrapMethod ecdh(SubjectPublicKeyInfo spki, EcdhKeyWrap.Mode mode, String uid) {
        EcdhCurve curve = EcdhCurve.of(spki)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.FEATURE_NOT_SUPPORTED,
                        "ECDH wrapping supports curves P-256 and P-384; wrapping key " + uid + " is on "
                                + EcdhCurve.describe(spki)));
        EcdhKeyWrap recipient;
        try {
            recipient = EcdhKeyWrap.toRecipient(curve, spki);
        } catch (IllegalArgumentException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, e.getMessage() + " (wrapping key " + uid + ")");
        }
        return input -> {
            if (!mode.accepts(input.length)) {
                throw new KmipOperationException(
                        ResultReason.ENCODING_OPTION_ERROR,
                        "RFC 3394 key wrap needs a "
                                + "multiple of 8 bytes (at least 16); use TTLV Encoding or AESKeyWrapPadding");
            }
            return recipient.wrap(input, mode, RANDOM);
        };
    }

    private static void requireAesKeyWrap(@Nullable CryptographicParameters p) {
        EnumCode<BlockCipherMode> mode = p == null ? null : p.blockCipherMode().orElse(null);
        if (mode != null && !mode.is(BlockCipherMode.NIST_KEY_WRAP)) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "AES wrapping supports only Block Cipher Mode NISTKeyWrap (RFC 3394)");
        }
    }

    private static byte[] aesKeyWrap(byte[] input, byte[] key) {
        if (input.length < 16 || input.length % 8 != 0) {
            throw new KmipOperationException(
                    ResultReason.ENCODING_OPTION_ERROR,
                    "RFC 3394 key wrap needs a multiple of 8 bytes (at least 16); use TTLV Encoding");
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(key, "AES"));
            return c.wrap(new SecretKeySpec(input, "AES"));
        } catch (GeneralSecurityException e) {
            throw new KmipOperationException(
                    ResultReason.CRYPTOGRAPHIC_FAILURE,
                    "AES key wrap failed: the wrapping key must be a 128, 192 or 256-bit AES key");
        }
    }
}
