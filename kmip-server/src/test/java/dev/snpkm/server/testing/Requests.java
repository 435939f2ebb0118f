package dev.snpkm.server.testing;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.WrappingMethod;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyInformation;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import java.time.Instant;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Typed request payloads the engine tests build again and again. */
public final class Requests {
    private Requests() {}

    public static Attribute name(String n) {
        return Attribute.of("Name", Name.text(n));
    }

    public static Attribute usage(CryptographicUsageMask... bits) {
        int mask = 0;
        for (CryptographicUsageMask b : bits) {
            mask |= b.value();
        }
        return AttributeFactory.integer("Cryptographic Usage Mask", mask);
    }

    public static Attribute activeSince(Instant t) {
        return AttributeFactory.date("Activation Date", t.getEpochSecond());
    }

    public static Create.Request aes(int bits, Attribute... more) {
        Attributes a = Attributes.of(
                AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.AES.value()),
                AttributeFactory.integer("Cryptographic Length", bits));
        for (Attribute m : more) {
            a = a.with(m);
        }
        return Create.Request.of(ObjectType.SYMMETRIC_KEY, a);
    }

    public static Register.Request symmetricKey(byte[] key, Attribute... attributes) {
        return Register.Request.of(
                new ManagedObject.SymmetricKey(KeyBlock.raw(key, CryptographicAlgorithm.AES, key.length * 8)),
                Attributes.of(attributes));
    }

    /** A Secret Data of type Password (Opaque format), e.g. a PIN bound where a key belongs. */
    public static ManagedObject password(byte[] secret) {
        return new ManagedObject.SecretData(
                EnumCode.of(SecretDataType.PASSWORD),
                new KeyBlock(
                        EnumCode.of(KeyFormatType.OPAQUE),
                        null,
                        KeyValue.Plain.of(KeyMaterial.Raw.of(secret)),
                        null,
                        null,
                        null));
    }

    public static Register.Request publicKey(
            byte[] spki, CryptographicAlgorithm alg, int bits, Attribute... attributes) {
        return Register.Request.of(
                new ManagedObject.PublicKey(new KeyBlock(
                        EnumCode.of(KeyFormatType.X_509),
                        null,
                        KeyValue.Plain.of(KeyMaterial.Raw.of(spki)),
                        EnumCode.of(alg),
                        bits,
                        null)),
                Attributes.of(attributes));
    }

    public static Attribute binding(String policy) {
        return AttributeFactory.text("x-attestation-policy", policy);
    }

    /** A Get of {@code uid} wrapped (Encrypt) by the key {@code wrappingKey}, with its default parameters. */
    public static Get.Request getWrappedBy(String uid, String wrappingKey) {
        return getWrappedBy(uid, wrappingKey, null);
    }

    /** As {@link #getWrappedBy(String, String)}, with the wrapping's Cryptographic Parameters (null: the key's). */
    public static Get.Request getWrappedBy(String uid, String wrappingKey, @Nullable CryptographicParameters p) {
        return new Get.Request(
                UniqueIdentifier.of(uid),
                null,
                null,
                null,
                new KeyWrappingSpecification(
                        EnumCode.of(WrappingMethod.ENCRYPT),
                        new KeyInformation(UniqueIdentifier.of(wrappingKey), p),
                        null,
                        List.of(),
                        null));
    }
}
