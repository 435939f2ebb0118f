package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.io.IOException;
import org.bouncycastle.asn1.DERNull;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPrivateKey;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;

/**
 * Key Format Type conversions (KMIP 1.4 §2.1.3, key wrapping §2.1.5-2.1.6): between what a client registers or asks for
 * and the canonical stored format. Private keys are kept as PKCS#8, public keys as X.509 SubjectPublicKeyInfo,
 * symmetric keys as Raw. PKCS#1 is offered for RSA keys; Transparent Symmetric Key for symmetric keys; everything else
 * is Key Format Type Not Supported. Returned arrays are fresh and the caller's to zero.
 */
public final class KeyFormats {
    private static final int KEY_TAG = KmipRegistry.get().tagValue("Key");
    private static final AlgorithmIdentifier RSA =
            new AlgorithmIdentifier(PKCSObjectIdentifiers.rsaEncryption, DERNull.INSTANCE);

    private KeyFormats() {}

    /** The bytes of a Key Block's plain Key Value (Raw-like formats, or the Key of a Transparent Symmetric Key). */
    public static byte[] plainBytes(KeyBlock block) {
        if (block.keyValue() instanceof KeyValue.Wrapped) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "registering a wrapped Key Value is not supported; register the key unwrapped over TLS");
        }
        if (!(block.keyValue() instanceof KeyValue.Plain plain)) {
            throw new KmipOperationException(ResultReason.MISSING_DATA, "Key Block has no Key Value");
        }
        if (plain.material() instanceof KeyMaterial.Raw raw) {
            return raw.bytes().toByteArray();
        }
        Ttlv.Structure s = ((KeyMaterial.Transparent) plain.material()).structure();
        if (block.keyFormatType().is(KeyFormatType.TRANSPARENT_SYMMETRIC_KEY)) {
            return s.child(KEY_TAG)
                    .filter(Ttlv.ByteString.class::isInstance)
                    .map(t -> ((Ttlv.ByteString) t).value())
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.MISSING_DATA, "Transparent Symmetric Key without Key"));
        }
        throw unsupported(block.keyFormatType());
    }

    /** A private key's bytes in {@code format} converted to PKCS#8. */
    public static byte[] privateToPkcs8(EnumCode<KeyFormatType> format, byte[] bytes) {
        try {
            if (format.is(KeyFormatType.PKCS_8)) {
                // Parsed, as a public key's SPKI is: malformed bytes stored as given failed later, as General
                // Failure, when a Get converted them. An RSA key's inner RSAPrivateKey is what PKCS#1 returns.
                PrivateKeyInfo info = PrivateKeyInfo.getInstance(bytes);
                if (info.getPrivateKeyAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
                    RSAPrivateKey.getInstance(info.parsePrivateKey());
                }
                return bytes.clone();
            }
            if (format.is(KeyFormatType.PKCS_1)) {
                return new PrivateKeyInfo(RSA, RSAPrivateKey.getInstance(bytes)).getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports empty or malformed DER in several runtime types (ASN1ParsingException...).
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Key Material is not a valid " + format + " private key");
        }
        throw unsupported(format);
    }

    /** A public key's bytes in {@code format} converted to X.509 SubjectPublicKeyInfo. */
    public static byte[] publicToSpki(EnumCode<KeyFormatType> format, byte[] bytes) {
        try {
            if (format.is(KeyFormatType.X_509)) {
                return SubjectPublicKeyInfo.getInstance(bytes).getEncoded();
            }
            if (format.is(KeyFormatType.PKCS_1)) {
                return new SubjectPublicKeyInfo(RSA, RSAPublicKey.getInstance(bytes)).getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            // Bouncy Castle reports empty or malformed DER in several runtime types (ASN1ParsingException...).
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Key Material is not a valid " + format + " public key");
        }
        throw unsupported(format);
    }

    /** PKCS#8 to the requested private key format. */
    public static byte[] privateFromPkcs8(byte[] pkcs8, KeyFormatType format) {
        if (format == KeyFormatType.PKCS_8) {
            return pkcs8.clone();
        }
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            if (format == KeyFormatType.PKCS_1
                    && info.getPrivateKeyAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return info.parsePrivateKey().toASN1Primitive().getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            // A key stored before Register parsed PKCS#8 may not be: Bouncy Castle throws runtime types for it.
            throw unconvertible("private", EnumCode.of(format));
        }
        throw unsupported(EnumCode.of(format));
    }

    /** SubjectPublicKeyInfo to the requested public key format. */
    public static byte[] publicFromSpki(byte[] spki, KeyFormatType format) {
        if (format == KeyFormatType.X_509) {
            return spki.clone();
        }
        try {
            SubjectPublicKeyInfo info = SubjectPublicKeyInfo.getInstance(spki);
            if (format == KeyFormatType.PKCS_1
                    && info.getAlgorithm().getAlgorithm().equals(PKCSObjectIdentifiers.rsaEncryption)) {
                return info.parsePublicKey().toASN1Primitive().getEncoded();
            }
        } catch (IOException | RuntimeException e) {
            throw unconvertible("public", EnumCode.of(format));
        }
        throw unsupported(EnumCode.of(format));
    }

    /** A Transparent Symmetric Key material structure {Key}. */
    public static KeyMaterial transparentSymmetric(byte[] key) {
        return new KeyMaterial.Transparent(
                Ttlv.structure(dev.snpkm.kmip.tags.Tag.KEY_MATERIAL, Ttlv.bytes(KEY_TAG, key)));
    }

    /**
     * The stored key cannot be parsed for the conversion: Key Format Type Not Supported, as a Transparent format of it
     * answers ({@link TransparentKeys}), with the message saying why; the key's own format still serves it.
     */
    private static KmipOperationException unconvertible(String kind, EnumCode<KeyFormatType> format) {
        return new KmipOperationException(
                ResultReason.KEY_FORMAT_TYPE_NOT_SUPPORTED,
                "the stored " + kind + " key is not well-formed DER and cannot be converted to " + format
                        + "; Get it in the format it was registered in");
    }

    public static KmipOperationException unsupported(EnumCode<KeyFormatType> format) {
        return new KmipOperationException(
                ResultReason.KEY_FORMAT_TYPE_NOT_SUPPORTED,
                "Key Format Type " + format + " is not supported for this object");
    }
}
