package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.Templates;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * Managed objects between the wire model and {@link StoredMaterial}: Register turns the client's object into the
 * canonical stored form; Get turns the stored form into the object in the Key Format Type asked for.
 */
public final class ObjectMaterials {
    private ObjectMaterials() {}

    /** The stored form of a registered object. */
    public static StoredMaterial fromRegistered(ManagedObject object) {
        KeyBlock block = keyBlock(object);
        if (block != null && block.keyWrappingData() != null) {
            // A 1.x Key Value may carry wrapped bytes in a plain-looking structure (TC-WRAP-1/2/3-14): stored as
            // given, they would come back from Get as if they were the key. Refused, as a wrapped 2.x Key Value is.
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "registering a Key Block with Key "
                            + "Wrapping Data (a wrapped key) is not supported; register the key unwrapped over TLS");
        }
        if (object instanceof ManagedObject.SymmetricKey k) {
            return new StoredMaterial(
                    KeyFormatType.RAW.value(),
                    0,
                    k.keyBlock().keyFormatType().value(),
                    KeyFormats.plainBytes(k.keyBlock()));
        } else if (object instanceof ManagedObject.SecretData s) {
            return new StoredMaterial(
                    s.keyBlock().keyFormatType().value(),
                    s.secretDataType().value(),
                    s.keyBlock().keyFormatType().value(),
                    KeyFormats.plainBytes(s.keyBlock()));
        } else if (object instanceof ManagedObject.PrivateKey k
                && TransparentKeys.isTransparentAsymmetric(k.keyBlock().keyFormatType())) {
            return new StoredMaterial(
                    KeyFormatType.PKCS_8.value(),
                    0,
                    k.keyBlock().keyFormatType().value(),
                    TransparentKeys.privateToPkcs8(k.keyBlock().keyFormatType(), plainMaterial(k.keyBlock())));
        } else if (object instanceof ManagedObject.PublicKey k
                && TransparentKeys.isTransparentAsymmetric(k.keyBlock().keyFormatType())) {
            return new StoredMaterial(
                    KeyFormatType.X_509.value(),
                    0,
                    k.keyBlock().keyFormatType().value(),
                    TransparentKeys.publicToSpki(k.keyBlock().keyFormatType(), plainMaterial(k.keyBlock())));
        } else if (object instanceof ManagedObject.PrivateKey k) {
            byte[] given = KeyFormats.plainBytes(k.keyBlock());
            try {
                return new StoredMaterial(
                        KeyFormatType.PKCS_8.value(),
                        0,
                        k.keyBlock().keyFormatType().value(),
                        KeyFormats.privateToPkcs8(k.keyBlock().keyFormatType(), given));
            } finally {
                Arrays.fill(given, (byte) 0);
            }
        } else if (object instanceof ManagedObject.PublicKey k) {
            return new StoredMaterial(
                    KeyFormatType.X_509.value(),
                    0,
                    k.keyBlock().keyFormatType().value(),
                    KeyFormats.publicToSpki(k.keyBlock().keyFormatType(), KeyFormats.plainBytes(k.keyBlock())));
        } else if (object instanceof ManagedObject.SplitKey k) {
            try (SplitKeyMaterial part = new SplitKeyMaterial(
                    new byte[SplitKeyMaterial.SPLIT_ID_BYTES], // registered: not a split this server made
                    k.splitKeyParts(),
                    k.keyPartIdentifier(),
                    k.splitKeyThreshold(),
                    k.splitKeyMethod(),
                    k.primeFieldSize(),
                    KeyFormats.plainBytes(k.keyBlock()))) {
                return part.toStored(k.keyBlock().keyFormatType().value());
            }
        } else if (object instanceof ManagedObject.OpaqueObject o) {
            return new StoredMaterial(0, o.opaqueDataType(), 0, o.value().toByteArray());
        } else if (object instanceof ManagedObject.Certificate c) {
            return new StoredMaterial(
                    0, c.certificateType().value(), 0, c.value().toByteArray());
        }
        throw new KmipOperationException(
                ResultReason.FEATURE_NOT_SUPPORTED, "registering " + object.objectType() + " objects is not supported");
    }

    private static KeyMaterial plainMaterial(KeyBlock block) {
        if (!(block.keyValue() instanceof KeyValue.Plain plain)) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "registering a wrapped or empty Key Value is not supported; register the key unwrapped over TLS");
        }
        return plain.material();
    }

    /** The attributes a registered key block carries (algorithm, length), if the template did not give them. */
    public static Attributes withKeyBlockAttributes(ManagedObject object, Attributes a) {
        KeyBlock block = keyBlock(object);
        if (block == null) {
            return a;
        }
        Attributes out = a;
        EnumCode<CryptographicAlgorithm> alg = block.cryptographicAlgorithm();
        if (alg != null && a.first(AttributeNames.CRYPTOGRAPHIC_ALGORITHM).isEmpty()) {
            out = out.with(AttributeFactory.enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, alg.value()));
        }
        Integer length = block.cryptographicLength();
        if (length != null && a.first(AttributeNames.CRYPTOGRAPHIC_LENGTH).isEmpty()) {
            out = out.with(AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, length));
        }
        return out;
    }

    private static @Nullable KeyBlock keyBlock(ManagedObject o) {
        if (o instanceof ManagedObject.SymmetricKey k) {
            return k.keyBlock();
        } else if (o instanceof ManagedObject.PrivateKey k) {
            return k.keyBlock();
        } else if (o instanceof ManagedObject.PublicKey k) {
            return k.keyBlock();
        } else if (o instanceof ManagedObject.SecretData s) {
            return s.keyBlock();
        } else if (o instanceof ManagedObject.SplitKey s) {
            return s.keyBlock();
        }
        return null;
    }

    /**
     * The object for a Get: key material in {@code requested} format (null = the format it was registered or created
     * in). The returned object holds copies; the caller destroys it after encoding.
     */
    public static ManagedObject toWire(
            ObjectType type, StoredMaterial m, Attributes attributes, @Nullable EnumCode<KeyFormatType> requested) {
        EnumCode<CryptographicAlgorithm> alg = attributes
                .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElse(null);
        Integer length = attributes.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).orElse(null);
        switch (type) {
            case SYMMETRIC_KEY: {
                KeyFormatType format = format(requested, m);
                KeyMaterial km;
                if (format == KeyFormatType.RAW) {
                    km = KeyMaterial.Raw.of(m.bytes());
                } else if (format == KeyFormatType.TRANSPARENT_SYMMETRIC_KEY) {
                    km = KeyFormats.transparentSymmetric(m.bytes());
                } else {
                    throw KeyFormats.unsupported(EnumCode.of(format));
                }
                return new ManagedObject.SymmetricKey(block(format, km, alg, length));
            }
            case SECRET_DATA:
                if (requested != null && requested.value() != m.format()) {
                    throw KeyFormats.unsupported(requested);
                }
                return new ManagedObject.SecretData(
                        EnumCode.of(SecretDataType.class, m.subtype()),
                        block(
                                known(m.format(), KeyFormatType.OPAQUE.value()),
                                KeyMaterial.Raw.of(m.bytes()),
                                alg,
                                length));
            case PRIVATE_KEY: {
                KeyFormatType format = format(requested, m);
                KeyMaterial km = TransparentKeys.isTransparentAsymmetric(EnumCode.of(format))
                        ? TransparentKeys.privateFromPkcs8(m.bytes(), format)
                        : raw(KeyFormats.privateFromPkcs8(m.bytes(), format));
                return new ManagedObject.PrivateKey(block(format, km, alg, length));
            }
            case PUBLIC_KEY: {
                KeyFormatType format = format(requested, m);
                KeyMaterial km = TransparentKeys.isTransparentAsymmetric(EnumCode.of(format))
                        ? TransparentKeys.publicFromSpki(m.bytes(), format)
                        : raw(KeyFormats.publicFromSpki(m.bytes(), format));
                return new ManagedObject.PublicKey(block(format, km, alg, length));
            }
            case SPLIT_KEY:
                if (requested != null && !requested.is(KeyFormatType.RAW)) {
                    throw KeyFormats.unsupported(requested);
                }
                try (SplitKeyMaterial part = SplitKeyMaterial.of(m)) {
                    return new ManagedObject.SplitKey(
                            part.parts(),
                            part.partIdentifier(),
                            part.threshold(),
                            part.method(),
                            part.primeFieldSize(),
                            block(KeyFormatType.RAW, KeyMaterial.Raw.of(part.part()), alg, length));
                }
            case OPAQUE_OBJECT:
                return new ManagedObject.OpaqueObject(m.subtype(), Secret.of(m.bytes()));
            case CERTIFICATE:
                return new ManagedObject.Certificate(
                        EnumCode.of(CertificateType.class, m.subtype()), Bytes.of(m.bytes()));
            case TEMPLATE:
                return Templates.toWire(attributes);
            default:
                throw new KmipOperationException(ResultReason.FEATURE_NOT_SUPPORTED, "cannot return " + type);
        }
    }

    private static KeyFormatType format(@Nullable EnumCode<KeyFormatType> requested, StoredMaterial m) {
        return requested != null
                ? requested.known().orElseThrow(() -> KeyFormats.unsupported(requested))
                : known(m.registeredFormat(), m.format());
    }

    private static KeyMaterial raw(byte[] bytes) {
        try {
            return KeyMaterial.Raw.of(bytes);
        } finally {
            Arrays.fill(bytes, (byte) 0);
        }
    }

    private static KeyBlock block(
            KeyFormatType format,
            KeyMaterial km,
            @Nullable EnumCode<CryptographicAlgorithm> alg,
            @Nullable Integer length) {
        return new KeyBlock(EnumCode.of(format), null, KeyValue.Plain.of(km), alg, length, null);
    }

    private static KeyFormatType known(int value, int fallback) {
        EnumCode<KeyFormatType> c = EnumCode.of(KeyFormatType.class, value);
        return c.known()
                .orElseGet(
                        () -> EnumCode.of(KeyFormatType.class, fallback).known().orElseThrow());
    }
}
