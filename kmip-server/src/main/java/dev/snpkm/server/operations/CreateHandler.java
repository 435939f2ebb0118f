package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.attributes.Leases;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.RandomNumberGenerator;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.MaterialDigest;
import dev.snpkm.server.operations.material.QuantumSafety;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.operations.material.SymmetricKeyGeneration;
import dev.snpkm.server.store.StoredObject;
import org.jspecify.annotations.Nullable;

/**
 * Create (KMIP 1.4 §4.1): symmetric keys ({@link SymmetricKeyGeneration}: AES, and 3DES for the foundry profiles), and Secret Data (Seed) of a whole number of
 * bytes, from SecureRandom. The template's attributes are kept; the new UID becomes the ID Placeholder.
 */
public final class CreateHandler implements OperationHandler<Create.Request> {
    private static final int DEFAULT_SECRET_BITS = 256;

    @Override
    public Operation operation() {
        return Operation.CREATE;
    }

    @Override
    public Class<Create.Request> requestType() {
        return Create.Request.class;
    }

    @Override
    public ResponsePayload handle(Create.Request request, OperationContext ctx) {
        Attributes template = Templates.apply(request.attributes(), ctx);
        AttributeRules.checkTemplate(template, ctx);
        UniqueNames.checkTemplate(template, ctx);
        ProtectionStorage.check(request.protectionStorageMasks());
        ObjectType type = request.objectType().known().orElse(null);
        StoredMaterial material;
        Attributes attributes = template;
        if (type == ObjectType.SYMMETRIC_KEY) {
            EnumCode<CryptographicAlgorithm> alg = template.enumeration(
                            AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.MISSING_DATA, "Create of a Symmetric Key needs Cryptographic Algorithm"));
            int bits = template.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH)
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.MISSING_DATA, "Create of a Symmetric Key needs Cryptographic Length"));
            QuantumSafety.check(template, alg, bits);
            material = new StoredMaterial(
                    KeyFormatType.RAW.value(),
                    0,
                    KeyFormatType.RAW.value(),
                    SymmetricKeyGeneration.generate(alg, bits, ctx.services().random()));
        } else if (type == ObjectType.SECRET_DATA) {
            int bits = template.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).orElse(DEFAULT_SECRET_BITS);
            if (bits <= 0 || bits % 8 != 0 || bits > 8192) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Secret Data length must be a multiple of 8 bits up to 8192, not " + bits);
            }
            material = new StoredMaterial(
                    KeyFormatType.OPAQUE.value(),
                    SecretDataType.SEED.value(),
                    KeyFormatType.OPAQUE.value(),
                    random(bits, ctx));
            attributes = template.first(AttributeNames.CRYPTOGRAPHIC_LENGTH).isPresent()
                    ? template
                    : template.with(AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, bits));
        } else {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Create makes Symmetric Key or Secret Data objects, not " + request.objectType()
                            + "; use Create Key Pair or Register");
        }
        StoredObject stored = storeAndWipe(type, attributes, material, true, ctx);
        ctx.batch().produced(UniqueIdentifierReference.CREATE, stored.uid());
        return new Create.Response(request.objectType(), stored.uid(), null);
    }

    /**
     * Stores the object with the attributes the server sets from its material: Digest, Lease Time ({@link Leases})
     * and {@link InitialAttributes} always; for material the server generated ({@code generated}), Original Creation Date (KMIP 1.4 §3.40: set by
     * the server when it generates the object) and Random Number Generator (§3.44). A registered object may keep the
     * client's Fresh. The material is wiped.
     */
    static StoredObject storeAndWipe(
            ObjectType type, Attributes attributes, StoredMaterial material, boolean generated, OperationContext ctx) {
        return storeAndWipe(type, attributes, material, generated, null, ctx);
    }

    /** As {@link #storeAndWipe(ObjectType, Attributes, StoredMaterial, boolean, OperationContext)}, at an Import's uid. */
    static StoredObject storeAndWipe(
            ObjectType type,
            Attributes attributes,
            StoredMaterial material,
            boolean generated,
            ObjectAccess.@Nullable ImportTarget target,
            OperationContext ctx) {
        return store(type, attributes, material, generated, target, null, ctx);
    }

    /**
     * As {@link #storeAndWipe(ObjectType, Attributes, StoredMaterial, boolean, OperationContext)} for a generated
     * object owned by {@code owner} (null: the caller), whoever asks: Re-key's replacement is its predecessor's
     * owner's.
     */
    static StoredObject storeAndWipeOwnedBy(
            ObjectType type,
            Attributes attributes,
            StoredMaterial material,
            @Nullable String owner,
            OperationContext ctx) {
        return store(type, attributes, material, true, null, owner, ctx);
    }

    private static StoredObject store(
            ObjectType type,
            Attributes attributes,
            StoredMaterial material,
            boolean generated,
            ObjectAccess.@Nullable ImportTarget target,
            @Nullable String owner,
            OperationContext ctx) {
        try (material) {
            // replace, not add: Re-key starts from the old key's attributes, which carry the old key's values
            Attributes withServerSet = StoredAttributes.replace(
                    InitialAttributes.add(type, attributes, material, !generated), MaterialDigest.of(type, material));
            var lease = Leases.initial(type, ctx);
            if (lease.isPresent()) {
                withServerSet = StoredAttributes.replace(withServerSet, lease.get());
            }
            if (generated) {
                withServerSet = StoredAttributes.replace(
                        StoredAttributes.replace(
                                withServerSet, AttributeFactory.date("Original Creation Date", ctx.now())),
                        RandomNumberGenerator.of(ctx.services().random()));
            }
            return ObjectAccess.create(type, withServerSet, material.encode(), target, owner, ctx);
        }
    }

    private static byte[] random(int bits, OperationContext ctx) {
        byte[] key = new byte[bits / 8];
        ctx.services().random().nextBytes(key);
        return key;
    }
}
