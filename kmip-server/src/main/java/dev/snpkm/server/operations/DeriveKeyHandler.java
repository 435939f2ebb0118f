package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.cryptoservice.KeyDerivations;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.attributes.AttributeBounds;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.StoredObject;
import java.util.Arrays;
import java.util.Set;

/**
 * Derive Key (KMIP 1.4 §4.6, 2.1 §6.1 Derive Key): a new Symmetric Key or Secret Data from one base object (a Symmetric
 * Key or Secret Data) by one of {@link KeyDerivations}' methods. The base is checked by {@link ServiceKeys} like a key
 * applying protection: never a bound key (a bound key's material reaches nobody but an attested VM, not even as the
 * input of a derivation); Active; Derive Key in its usage mask; before its Protect Stop Date. The new object has the
 * template's attributes and a Derivation Base Object Link to its base, which gets a Derived Key Link to it (KMIP 1.4
 * §3.35). The template gives Cryptographic Length (bits, a multiple of 8) and, for a Symmetric Key, its Cryptographic
 * Algorithm.
 */
public final class DeriveKeyHandler implements OperationHandler<DeriveKey.Request> {
    static final ServiceKeys.Use USE = new ServiceKeys.Use(
            Operation.DERIVE_KEY,
            CryptographicUsageMask.DERIVE_KEY,
            true,
            Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.SECRET_DATA));

    private static final Set<Integer> AES_LENGTHS = Set.of(128, 192, 256);
    private static final Set<ObjectType> DERIVED_TYPES = Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.SECRET_DATA);

    @Override
    public Operation operation() {
        return Operation.DERIVE_KEY;
    }

    @Override
    public Class<DeriveKey.Request> requestType() {
        return DeriveKey.Request.class;
    }

    @Override
    public ResponsePayload handle(DeriveKey.Request request, OperationContext ctx) {
        ObjectType type = request.objectType()
                .known()
                .filter(DERIVED_TYPES::contains)
                .orElseThrow(() -> ResultReasons.wrongObjectType(
                        ctx.version(), "Derive Key makes a Symmetric Key or Secret Data, not " + request.objectType()));
        if (request.uniqueIdentifiers().size() > 1) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Derive Key takes one base object; the request names "
                            + request.uniqueIdentifiers().size());
        }
        Attributes requested = request.attributes();
        Attributes template = Templates.apply(requested == null ? Attributes.EMPTY : requested, ctx);
        AttributeRules.checkTemplate(template, ctx);
        UniqueNames.checkTemplate(template, ctx);
        int bits = template.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA, "Derive Key needs the Cryptographic Length in the template"));
        if (bits % 8 != 0) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Cryptographic Length " + bits + " is not a whole number of bytes");
        }
        if (type == ObjectType.SYMMETRIC_KEY) {
            var algorithm = template.enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.MISSING_DATA, "deriving a Symmetric Key needs its Cryptographic Algorithm"));
            if (algorithm.is(CryptographicAlgorithm.AES) && !AES_LENGTHS.contains(bits)) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD, "an AES key is 128, 192 or 256 bits, not " + bits);
            }
        }
        KmipObject base = ServiceKeys.load(
                request.uniqueIdentifiers().isEmpty()
                        ? null
                        : request.uniqueIdentifiers().get(0),
                USE,
                ctx);
        // its Derived Key Link: refused now, before anything is made, if it takes the base over the bounds
        AttributeBounds.checkRoomForLinks(base.attributes(), LinkType.DERIVED_KEY_LINK, 1, ctx.version());
        byte[] derived;
        try (StoredMaterial m = ServiceKeys.material(base, ctx)) {
            derived = KeyDerivations.derive(
                    request.method(),
                    new KeyDerivations.Input(
                            m.bytes(),
                            request.parameters(),
                            bits / 8,
                            ctx.services().random(),
                            ctx.version()));
        }
        StoredMaterial material = type == ObjectType.SYMMETRIC_KEY
                ? new StoredMaterial(KeyFormatType.RAW.value(), 0, KeyFormatType.RAW.value(), derived)
                : new StoredMaterial(
                        KeyFormatType.OPAQUE.value(),
                        SecretDataType.SEED.value(),
                        KeyFormatType.OPAQUE.value(),
                        derived);
        StoredObject created;
        try {
            created = CreateHandler.storeAndWipe(
                    type,
                    template.with(Attribute.of(
                            AttributeNames.LINK, Link.of(LinkType.DERIVATION_BASE_OBJECT_LINK, base.uid()))),
                    material,
                    false, // derived, not drawn from the RNG: no Random Number Generator attribute
                    ctx);
        } finally {
            Arrays.fill(derived, (byte) 0);
        }
        KmipObject locked = ObjectAccess.loadForUpdate(base.uid(), ctx);
        ObjectAccess.saveEditedAttributes( // checked again on what is there now
                locked,
                locked.attributes()
                        .with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.DERIVED_KEY_LINK, created.uid()))),
                ctx);
        ctx.batch().produced(UniqueIdentifierReference.DERIVE_KEY, created.uid());
        return new DeriveKey.Response(created.uid(), null);
    }
}
