package dev.snpkm.kmip.object;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import java.math.BigInteger;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/** A Managed Object as it travels in Register, Get, Import and Export payloads (KMIP 1.4 §2.2, 2.1 §2). */
public sealed interface ManagedObject {

    ObjectType objectType();

    /** Zeroes the secret bytes this object holds. */
    default void destroy() {}

    record SymmetricKey(KeyBlock keyBlock) implements ManagedObject {
        public SymmetricKey {
            Objects.requireNonNull(keyBlock, "keyBlock");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.SYMMETRIC_KEY;
        }

        @Override
        public void destroy() {
            keyBlock.destroy();
        }
    }

    record PublicKey(KeyBlock keyBlock) implements ManagedObject {
        public PublicKey {
            Objects.requireNonNull(keyBlock, "keyBlock");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.PUBLIC_KEY;
        }
    }

    record PrivateKey(KeyBlock keyBlock) implements ManagedObject {
        public PrivateKey {
            Objects.requireNonNull(keyBlock, "keyBlock");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.PRIVATE_KEY;
        }

        @Override
        public void destroy() {
            keyBlock.destroy();
        }
    }

    record SecretData(EnumCode<SecretDataType> secretDataType, KeyBlock keyBlock) implements ManagedObject {
        public SecretData {
            Objects.requireNonNull(secretDataType, "secretDataType");
            Objects.requireNonNull(keyBlock, "keyBlock");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.SECRET_DATA;
        }

        @Override
        public void destroy() {
            keyBlock.destroy();
        }
    }

    /** Opaque Object: the Opaque Data Type enumeration has only extension values, so it stays a raw int. */
    record OpaqueObject(int opaqueDataType, Secret value) implements ManagedObject {
        public OpaqueObject {
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.OPAQUE_OBJECT;
        }

        @Override
        public void destroy() {
            value.destroy();
        }
    }

    record Certificate(EnumCode<CertificateType> certificateType, Bytes value) implements ManagedObject {
        public Certificate {
            Objects.requireNonNull(certificateType, "certificateType");
            Objects.requireNonNull(value, "value");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.CERTIFICATE;
        }
    }

    /**
     * Template (KMIP 1.x §2.2.6; deprecated in 1.3, removed in 2.0): a named list of attributes that Create, Create
     * Key Pair and Register apply when a Template-Attribute names it.
     */
    record Template(Attributes attributes) implements ManagedObject {
        public Template {
            Objects.requireNonNull(attributes, "attributes");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.TEMPLATE;
        }
    }

    /**
     * Split Key (KMIP 1.4 §2.2.5, 2.1 §2.7): one part of a secret split into {@code splitKeyParts} parts, any
     * {@code splitKeyThreshold} of which rebuild it; {@code keyPartIdentifier} is 1..parts. The Prime Field Size is
     * there only for Polynomial Sharing Prime Field.
     */
    record SplitKey(
            int splitKeyParts,
            int keyPartIdentifier,
            int splitKeyThreshold,
            EnumCode<SplitKeyMethod> splitKeyMethod,
            @Nullable BigInteger primeFieldSize,
            KeyBlock keyBlock)
            implements ManagedObject {
        public SplitKey {
            Objects.requireNonNull(splitKeyMethod, "splitKeyMethod");
            Objects.requireNonNull(keyBlock, "keyBlock");
        }

        @Override
        public ObjectType objectType() {
            return ObjectType.SPLIT_KEY;
        }

        @Override
        public void destroy() {
            keyBlock.destroy();
        }
    }

    /** PGP Key, Certificate Request, and a Template in a 2.x message: carried untyped. */
    record Untyped(ObjectType objectType, Ttlv.Structure structure) implements ManagedObject {
        public Untyped {
            Objects.requireNonNull(objectType, "objectType");
            Objects.requireNonNull(structure, "structure");
        }

        @Override
        public String toString() {
            return "Untyped[" + objectType + "]";
        }
    }
}
