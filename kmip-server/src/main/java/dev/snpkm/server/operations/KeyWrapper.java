package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.BlockCipherMode;
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
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.spec.MGF1ParameterSpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;
import javax.crypto.spec.SecretKeySpec;

/**
 * Key wrapping for Get (kmip-spec.md §9): Wrapping Method Encrypt with an RSA public key (RSA-OAEP, SHA-256 for both
 * the OAEP digest and MGF1) or an AES key (RFC 3394 NIST key wrap). The wrapped bytes are the TTLV-encoded Key Value
 * (Encoding Option absent or TTLV Encoding) or the raw Key Material (No Encoding). The Key Wrapping Data returned equals
 * the specification minus its Attribute Names, with the wrapping key's UID resolved to text.
 */
final class KeyWrapper {
    private static final OAEPParameterSpec OAEP_SHA256 = new OAEPParameterSpec("SHA-256", "MGF1",
            MGF1ParameterSpec.SHA256, PSource.PSpecified.DEFAULT);

    private KeyWrapper() {
    }

    /** The key block wrapped under the wrapping key's material (X.509 SPKI for public keys, raw AES otherwise). */
    static KeyBlock wrap(KeyBlock plain, KeyWrappingSpecification kws, KmipObject wrappingKey, byte[] wrappingMaterial) {
        if (!kws.attributeNames().isEmpty()) {
            throw new KmipOperationException(ResultReason.FEATURE_NOT_SUPPORTED,
                    "Attribute Name in a Key Wrapping Specification is not supported; omit it");
        }
        boolean noEncoding = kws.encodingOption() != null && kws.encodingOption().is(EncodingOption.NO_ENCODING);
        byte[] input = noEncoding ? rawMaterial(plain) : TtlvEncoder.encode(keyValue(plain));
        try {
            CryptographicParameters p = kws.encryptionKey().parameters();
            byte[] wrapped = wrappingKey.objectType() == ObjectType.PUBLIC_KEY
                    ? rsaOaep(input, wrappingMaterial, p) : aesKeyWrap(input, wrappingMaterial, p);
            KeyWrappingData data = new KeyWrappingData(kws.wrappingMethod(),
                    new KeyInformation(UniqueIdentifier.of(wrappingKey.uid()), p), null, null, null,
                    kws.encodingOption());
            return new KeyBlock(plain.keyFormatType(), null, new KeyValue.Wrapped(Secret.of(wrapped)),
                    plain.cryptographicAlgorithm(), plain.cryptographicLength(), data);
        } finally {
            Arrays.fill(input, (byte) 0);
        }
    }

    private static Ttlv keyValue(KeyBlock plain) {
        KeyValue.Plain v = (KeyValue.Plain) plain.keyValue();
        if (v.material() instanceof KeyMaterial.Raw raw) {
            return Ttlv.structure(Tag.KEY_VALUE, Ttlv.bytes(Tag.KEY_MATERIAL, raw.bytes().toByteArray()));
        }
        Ttlv.Structure t = ((KeyMaterial.Transparent) v.material()).structure();
        return Ttlv.structure(Tag.KEY_VALUE, Ttlv.structure(Tag.KEY_MATERIAL, t.children()));
    }

    private static byte[] rawMaterial(KeyBlock plain) {
        KeyValue.Plain v = (KeyValue.Plain) plain.keyValue();
        if (v.material() instanceof KeyMaterial.Raw raw) {
            return raw.bytes().toByteArray();
        }
        throw new KmipOperationException(ResultReason.ENCODING_OPTION_ERROR,
                "No Encoding needs a Key Material byte string; ask for Key Format Type Raw");
    }

    private static byte[] rsaOaep(byte[] input, byte[] spki, CryptographicParameters p) {
        if (p != null && (p.paddingMethod().map(m -> !m.is(PaddingMethod.OAEP)).orElse(false)
                || p.hashingAlgorithm().map(h -> !h.is(HashingAlgorithm.SHA_256)).orElse(false)
                || p.maskGeneratorHashingAlgorithm().map(h -> !h.is(HashingAlgorithm.SHA_256)).orElse(false))) {
            throw new KmipOperationException(ResultReason.FEATURE_NOT_SUPPORTED,
                    "RSA wrapping supports only OAEP with SHA-256 and MGF1-SHA-256");
        }
        try {
            PublicKey key = KeyFactory.getInstance("RSA").generatePublic(new X509EncodedKeySpec(spki));
            Cipher c = Cipher.getInstance("RSA/ECB/OAEPWithSHA-256AndMGF1Padding");
            c.init(Cipher.ENCRYPT_MODE, key, OAEP_SHA256);
            return c.doFinal(input);
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new KmipOperationException(ResultReason.CRYPTOGRAPHIC_FAILURE,
                    "RSA-OAEP wrapping failed: the wrapping key must be an RSA key large enough for the Key Value");
        }
    }

    private static byte[] aesKeyWrap(byte[] input, byte[] key, CryptographicParameters p) {
        EnumCode<BlockCipherMode> mode = p == null ? null : p.blockCipherMode().orElse(null);
        if (mode != null && !mode.is(BlockCipherMode.NIST_KEY_WRAP)) {
            throw new KmipOperationException(ResultReason.FEATURE_NOT_SUPPORTED,
                    "AES wrapping supports only Block Cipher Mode NISTKeyWrap (RFC 3394)");
        }
        if (input.length < 16 || input.length % 8 != 0) {
            throw new KmipOperationException(ResultReason.ENCODING_OPTION_ERROR,
                    "RFC 3394 key wrap needs a multiple of 8 bytes (at least 16); use TTLV Encoding");
        }
        try {
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.WRAP_MODE, new SecretKeySpec(key, "AES"));
            return c.wrap(new SecretKeySpec(input, "AES"));
        } catch (GeneralSecurityException e) {
            throw new KmipOperationException(ResultReason.CRYPTOGRAPHIC_FAILURE,
                    "AES key wrap failed: the wrapping key must be a 128, 192 or 256-bit AES key");
        }
    }
}
