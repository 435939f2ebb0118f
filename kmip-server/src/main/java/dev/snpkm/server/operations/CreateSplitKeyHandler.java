package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.cryptoservice.KeySplitting;
import dev.snpkm.server.cryptoservice.KeySplittings;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ExportRules;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UnattestedMaterialRule;
import dev.snpkm.server.operations.attributes.AttributeBounds;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.material.SplitKeyMaterial;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.operations.material.SymmetricKeyGeneration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Create Split Key (KMIP 1.4 §4.38, 2.1 §6.1.12): splits a Symmetric Key or Secret Data, the one the request names or
 * a new one the server generates from the template (not stored: only its parts exist), into Split Key objects by one
 * of {@link KeySplittings}' methods. Each part is stored like any object, its part sealed at rest, with the template's
 * attributes, the key's Cryptographic Algorithm and Length, Previous/Next Links to its neighbouring parts and, when
 * the key is a stored object, a Parent Link to it (which gets a Child Link to each part). The ID Placeholder is part
 * 1 (KMIP 2.1 §6.1 intro).
 *
 * <p>Splitting hands the material to new objects, so it is refused where a Get would be: a bound key never (its
 * material is released only by the attested Get), a non-Extractable one, and a VM identity's or a grantee's (the
 * {@link UnattestedMaterialRule}); a Sensitive key's parts are Sensitive.
 */
public final class CreateSplitKeyHandler implements OperationHandler<CreateSplitKey.Request> {
    private static final Set<ObjectType> SPLITTABLE = Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.SECRET_DATA);
    private static final int DEFAULT_SECRET_BITS = 256;

    @Override
    public Operation operation() {
        return Operation.CREATE_SPLIT_KEY;
    }

    @Override
    public Class<CreateSplitKey.Request> requestType() {
        return CreateSplitKey.Request.class;
    }

    /** The key to split, and what its parts inherit from it. */
    private record Source(byte[] secret, @Nullable KmipObject stored, Attributes inherited) {}

    @Override
    public ResponsePayload handle(CreateSplitKey.Request request, OperationContext ctx) {
        ObjectType type = request.objectType()
                .known()
                .filter(SPLITTABLE::contains)
                .orElseThrow(() -> ResultReasons.wrongObjectType(
                        ctx.version(),
                        "Create Split Key splits a Symmetric Key or Secret Data, not "
                                + request.objectType()
                                        .known()
                                        .map(ObjectType::specName)
                                        .orElse("an unknown type")));
        KeySplitting method = KeySplittings.of(request.splitKeyMethod());
        int parts = request.splitKeyParts();
        int threshold = request.splitKeyThreshold();
        method.shapeProblem(parts, threshold).ifPresent(problem -> {
            throw new KmipOperationException(ResultReason.INVALID_FIELD, problem);
        });
        if (request.primeFieldSize() != null) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Prime Field Size applies only to Polynomial Sharing Prime Field");
        }
        Attributes requested = request.attributes();
        Attributes template = Templates.apply(requested == null ? Attributes.EMPTY : requested, ctx);
        AttributeRules.checkTemplate(template, ctx);
        if (template.first(AttributeNames.NAME).isPresent()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "a Name in Create Split Key would be given to every part, and names are unique; name each part"
                            + " with Add Attribute");
        }
        ProtectionStorage.check(request.protectionStorageMasks());
        Source source = request.uniqueIdentifier() == null
                ? generated(type, template, ctx)
                : existing(ObjectAccess.load(request.uniqueIdentifier(), ctx), type, ctx);
        byte[] splitId = new byte[SplitKeyMaterial.SPLIT_ID_BYTES];
        ctx.services().random().nextBytes(splitId);
        byte[][] shares = null;
        try {
            if (source.stored() != null) {
                // its Child Links to the parts: refused now, before any part exists, if they take it over the bounds
                AttributeBounds.checkRoomForLinks(
                        source.stored().attributes(), LinkType.CHILD_LINK, parts, ctx.version());
            }
            shares = method.split(
                    source.secret(), parts, threshold, ctx.services().random());
            Attributes common = partAttributes(template, source, type);
            List<String> uids = new ArrayList<>(parts);
            for (int i = 0; i < parts; i++) {
                SplitKeyMaterial part = new SplitKeyMaterial(
                        splitId, parts, i + 1, threshold, request.splitKeyMethod(), null, shares[i]);
                StoredMaterial stored = part.toStored(KeyFormatType.RAW.value());
                part.close(); // zeroes shares[i]; the stored copy is wiped by storeAndWipe
                uids.add(CreateHandler.storeAndWipe(ObjectType.SPLIT_KEY, common, stored, true, ctx)
                        .uid());
            }
            link(uids, source.stored(), ctx);
            ctx.batch().producedAll(UniqueIdentifierReference.CREATE_SPLIT_KEY, uids);
            return new CreateSplitKey.Response(uids, null);
        } finally {
            Arrays.fill(source.secret(), (byte) 0);
            if (shares != null) {
                for (byte[] s : shares) {
                    Arrays.fill(s, (byte) 0);
                }
            }
        }
    }

    private static Source generated(ObjectType type, Attributes template, OperationContext ctx) {
        if (type == ObjectType.SECRET_DATA) {
            int bits = template.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).orElse(DEFAULT_SECRET_BITS);
            if (bits <= 0 || bits % 8 != 0 || bits > 8192) {
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Secret Data length must be a multiple of 8 bits up to 8192, not " + bits);
            }
            byte[] secret = new byte[bits / 8];
            ctx.services().random().nextBytes(secret);
            return new Source(secret, null, Attributes.EMPTY);
        }
        var alg = template.enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA,
                        "Create Split Key of a new Symmetric Key needs Cryptographic Algorithm (or the Unique "
                                + "Identifier of the key to split)"));
        int bits = template.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA,
                        "Create Split Key of a new Symmetric Key needs Cryptographic Length"));
        return new Source(
                SymmetricKeyGeneration.generate(alg, bits, ctx.services().random()), null, Attributes.EMPTY);
    }

    private static Source existing(KmipObject o, ObjectType type, OperationContext ctx) {
        if (o.isBound()) {
            throw BoundRefusal.refuse(
                    o,
                    Operation.CREATE_SPLIT_KEY,
                    "object " + o.uid() + " is bound to attestation policy '"
                            + o.attestationPolicy().orElse("")
                            + "' and is never split; its material is released only by an attested Get",
                    ctx);
        }
        if (o.objectType() != type) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "the request splits a " + type.specName() + " but object " + o.uid() + " is a "
                            + o.objectType().specName());
        }
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " was destroyed; its material is gone");
        }
        if (o.state() == State.COMPROMISED) {
            throw ResultReasons.wrongState(ctx.version(), "object " + o.uid() + " is Compromised and is not split");
        }
        UnattestedMaterialRule.check(o, Operation.CREATE_SPLIT_KEY, ctx);
        ExportRules.check(o, true); // Extractable False: never split; Sensitive: the parts are Sensitive
        List<Attribute> inherited = new ArrayList<>();
        o.attributes().first(AttributeNames.CRYPTOGRAPHIC_ALGORITHM).ifPresent(inherited::add);
        if (InitialAttributes.flag(o.attributes(), AttributeNames.SENSITIVE, false)) {
            inherited.add(AttributeFactory.bool(AttributeNames.SENSITIVE, true));
        }
        try (StoredMaterial m = ServiceKeys.material(o, ctx)) {
            return new Source(m.bytes().clone(), o, new Attributes(inherited));
        }
    }

    /** The template's attributes, then what the key gives (algorithm, Sensitive) and the part's length in bits. */
    private static Attributes partAttributes(Attributes template, Source source, ObjectType type) {
        Attributes out = template;
        for (Attribute a : source.inherited().list()) {
            if (a.name().equals(AttributeNames.SENSITIVE) || out.first(a.name()).isEmpty()) {
                out = StoredAttributes.replace(out, a);
            }
        }
        out = StoredAttributes.replace(
                out, AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, source.secret().length * 8));
        if (source.stored() != null) {
            out = out.with(Attribute.of(
                    AttributeNames.LINK,
                    Link.of(LinkType.PARENT_LINK, source.stored().uid())));
        }
        return type == ObjectType.SECRET_DATA ? out.without(AttributeNames.CRYPTOGRAPHIC_ALGORITHM) : out;
    }

    /** Previous/Next Links along the parts, and the key's Child Links to them. */
    private static void link(List<String> uids, @Nullable KmipObject original, OperationContext ctx) {
        for (int i = 0; i < uids.size(); i++) {
            KmipObject part = ObjectAccess.loadForUpdate(uids.get(i), ctx);
            Attributes a = part.attributes();
            if (i > 0) {
                a = a.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.PREVIOUS_LINK, uids.get(i - 1))));
            }
            if (i < uids.size() - 1) {
                a = a.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.NEXT_LINK, uids.get(i + 1))));
            }
            ObjectAccess.saveEditedAttributes(part, a, ctx); // a template may have left the part at the bounds
        }
        if (original != null) {
            KmipObject locked = ObjectAccess.loadForUpdate(original.uid(), ctx);
            Attributes a = locked.attributes();
            for (String uid : uids) {
                a = a.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.CHILD_LINK, uid)));
            }
            ObjectAccess.saveEditedAttributes(locked, a, ctx); // checked again on what is there now
        }
    }
}
