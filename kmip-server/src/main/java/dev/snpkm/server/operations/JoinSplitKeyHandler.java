package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.JoinSplitKey;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.KeySplitting;
import dev.snpkm.server.cryptoservice.KeySplittings;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.access.UnattestedMaterialRule;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.SplitKeyMaterial;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Join Split Key (KMIP 1.4 §4.39, 2.1 §6.1.31): at least Split Key Threshold parts of one split become a new Symmetric
 * Key or Secret Data. The parts must be Split Key objects of the same split (same sealed split id, parts, threshold,
 * method and length), with distinct Key Part Identifiers; otherwise Invalid Field, naming the problem, and nothing is
 * made. The new object takes the template's attributes; a Symmetric Key the parts' Cryptographic Algorithm unless the
 * template gives one; it is Sensitive if any part is. A bound part is never joined (its material is released only
 * by the attested Get), nor is a VM identity's or a grantee's ({@link UnattestedMaterialRule}).
 */
public final class JoinSplitKeyHandler implements OperationHandler<JoinSplitKey.Request> {
    private static final Set<ObjectType> JOINED_TYPES = Set.of(ObjectType.SYMMETRIC_KEY, ObjectType.SECRET_DATA);
    /** A split has at most 255 parts (GF(2^8) has 255 non-zero points), so a join never needs more. */
    private static final int MAX_PARTS = 255;

    @Override
    public Operation operation() {
        return Operation.JOIN_SPLIT_KEY;
    }

    @Override
    public Class<JoinSplitKey.Request> requestType() {
        return JoinSplitKey.Request.class;
    }

    @Override
    public ResponsePayload handle(JoinSplitKey.Request request, OperationContext ctx) {
        ObjectType type = request.objectType()
                .known()
                .filter(JOINED_TYPES::contains)
                .orElseThrow(() -> ResultReasons.wrongObjectType(
                        ctx.version(),
                        "Join Split Key makes a Symmetric Key or Secret Data, not "
                                + request.objectType()
                                        .known()
                                        .map(ObjectType::specName)
                                        .orElse("an unknown type")));
        List<UniqueIdentifier> named = request.uniqueIdentifiers();
        if (named.isEmpty() || named.size() > MAX_PARTS) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Join Split Key takes 1 to " + MAX_PARTS + " Split Key parts, not " + named.size());
        }
        Attributes requested = request.attributes();
        Attributes template = Templates.apply(requested == null ? Attributes.EMPTY : requested, ctx);
        AttributeRules.checkTemplate(template, ctx);
        UniqueNames.checkTemplate(template, ctx);
        ProtectionStorage.check(request.protectionStorageMasks());
        List<KmipObject> objects = new ArrayList<>();
        for (UniqueIdentifier uid : named) {
            objects.add(checked(ObjectAccess.load(uid, ctx), ctx));
        }
        List<SplitKeyMaterial> parts = new ArrayList<>();
        byte[] secret = null;
        try {
            for (KmipObject o : objects) {
                try (StoredMaterial m = ServiceKeys.material(o, ctx)) {
                    parts.add(SplitKeyMaterial.of(m));
                }
            }
            KeySplitting method = consistent(objects, parts);
            int[] ids =
                    parts.stream().mapToInt(SplitKeyMaterial::partIdentifier).toArray();
            secret = method.join(ids, parts.stream().map(SplitKeyMaterial::part).toArray(byte[][]::new));
            Attributes attributes = joinedAttributes(template, objects, type, secret.length * 8);
            StoredMaterial material = type == ObjectType.SYMMETRIC_KEY
                    ? new StoredMaterial(KeyFormatType.RAW.value(), 0, KeyFormatType.RAW.value(), secret)
                    : new StoredMaterial(
                            KeyFormatType.OPAQUE.value(),
                            request.secretDataType() == null
                                    ? SecretDataType.SEED.value()
                                    : request.secretDataType().value(),
                            KeyFormatType.OPAQUE.value(),
                            secret);
            String uid = CreateHandler.storeAndWipe(type, attributes, material, false, ctx)
                    .uid();
            ctx.batch().produced(UniqueIdentifierReference.JOIN_SPLIT_KEY, uid);
            return new JoinSplitKey.Response(uid, null);
        } finally {
            parts.forEach(SplitKeyMaterial::close);
            if (secret != null) {
                java.util.Arrays.fill(secret, (byte) 0);
            }
        }
    }

    private static KmipObject checked(KmipObject o, OperationContext ctx) {
        if (o.isBound()) {
            throw BoundRefusal.refuse(
                    o,
                    Operation.JOIN_SPLIT_KEY,
                    "object " + o.uid() + " is bound to attestation policy '"
                            + o.attestationPolicy().orElse("")
                            + "' and is never joined; its material is released only by an attested Get",
                    ctx);
        }
        if (o.objectType() != ObjectType.SPLIT_KEY) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Join Split Key joins Split Key objects; object " + o.uid() + " is a "
                            + o.objectType().specName());
        }
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " was destroyed; its material is gone");
        }
        UnattestedMaterialRule.check(o, Operation.JOIN_SPLIT_KEY, ctx);
        return o;
    }

    /** The method of parts that belong together and are enough; otherwise Invalid Field naming why. */
    private static KeySplitting consistent(List<KmipObject> objects, List<SplitKeyMaterial> parts) {
        SplitKeyMaterial first = parts.get(0);
        Set<Integer> seen = new HashSet<>();
        for (int i = 0; i < parts.size(); i++) {
            SplitKeyMaterial p = parts.get(i);
            if (!p.sameSplitAs(first)) {
                throw invalid("objects " + objects.get(0).uid() + " and "
                        + objects.get(i).uid() + " are parts of different splits");
            }
            if (p.partIdentifier() < 1 || p.partIdentifier() > p.parts() || !seen.add(p.partIdentifier())) {
                throw invalid("object " + objects.get(i).uid() + " repeats or misnumbers Key Part Identifier "
                        + p.partIdentifier());
            }
        }
        if (parts.size() < first.threshold()) {
            throw invalid(
                    parts.size() + " parts given; this split needs its Split Key Threshold of " + first.threshold());
        }
        KeySplitting method = KeySplittings.of(first.method());
        if (first.part().length == 0) {
            throw invalid("the parts hold no key material");
        }
        return method;
    }

    private static Attributes joinedAttributes(Attributes template, List<KmipObject> parts, ObjectType type, int bits) {
        Attributes out = template;
        if (type == ObjectType.SYMMETRIC_KEY
                && out.first(AttributeNames.CRYPTOGRAPHIC_ALGORITHM).isEmpty()) {
            var algorithm = parts.get(0)
                    .attributes()
                    .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.MISSING_DATA,
                            "the parts name no Cryptographic Algorithm; give it in the template"));
            out = out.with(AttributeFactory.enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, algorithm.value()));
        }
        out = StoredAttributes.replace(out, AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH, bits));
        boolean sensitive =
                parts.stream().anyMatch(p -> InitialAttributes.flag(p.attributes(), AttributeNames.SENSITIVE, false));
        return sensitive ? StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.SENSITIVE, true)) : out;
    }

    private static KmipOperationException invalid(String message) {
        return new KmipOperationException(ResultReason.INVALID_FIELD, message);
    }
}
