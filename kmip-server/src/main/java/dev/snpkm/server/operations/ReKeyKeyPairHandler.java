package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.ReKeyKeyPair;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.material.QuantumSafety;
import dev.snpkm.server.store.StoredObject;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Re-key Key Pair (KMIP 1.4 §4.5, 2.1 §6.1.43): a fresh key pair of the same algorithm and length replaces the private
 * key the request names and its public key (the one its Public Key Link names). As in {@link ReKeyHandler}, each new
 * key takes its predecessor's attributes except those of the old key's own history ({@link ReKeyHandler#NOT_COPIED}),
 * the Names move to it, its dates follow {@link ReKeyDates} (shifted by the Offset), the request's Common, Private
 * and Public Key attributes override, and old and new are linked (Replaced Object Link on the new key, Replacement
 * Object Link on the old one) besides the pair's own Private/Public Key Links. It renews any pair Create Key Pair makes
 * (RSA, EC/ECDSA/ECDH on P-256 or P-384), to the algorithm and length or curve the new private key carries: the
 * template's if it gives one (a length and curve that disagree are Invalid Field), else the old key's; both new keys are
 * labelled with the length and curve made, and a template asking for a quantum-safe pair is refused as Create Key Pair
 * refuses it. Each new key is its predecessor's owner's, whoever asks. A bound private or public key is never re-keyed:
 * the replacement would escape the attestation binding, which an administrator re-establishes.
 */
public final class ReKeyKeyPairHandler implements OperationHandler<ReKeyKeyPair.Request> {
    private static final List<UniqueIdentifierReference> REFERENCES = List.of(
            UniqueIdentifierReference.RE_KEY_KEY_PAIR,
            UniqueIdentifierReference.RE_KEY_KEY_PAIR_PRIVATE_KEY,
            UniqueIdentifierReference.RE_KEY_KEY_PAIR_PUBLIC_KEY);

    @Override
    public Operation operation() {
        return Operation.RE_KEY_KEY_PAIR;
    }

    @Override
    public Class<ReKeyKeyPair.Request> requestType() {
        return ReKeyKeyPair.Request.class;
    }

    @Override
    public ResponsePayload handle(ReKeyKeyPair.Request request, OperationContext ctx) {
        KmipObject oldPrivate = usable(ObjectAccess.load(request.privateKeyUniqueIdentifier(), ctx), ctx);
        if (oldPrivate.objectType() != ObjectType.PRIVATE_KEY) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Re-key Key Pair names the Private Key of the pair; object " + oldPrivate.uid() + " is a "
                            + oldPrivate.objectType().specName());
        }
        Optional<KmipObject> oldPublic = linked(oldPrivate, LinkType.PUBLIC_KEY_LINK)
                .map(uid -> usable(ObjectAccess.load(UniqueIdentifier.of(uid), ctx), ctx));
        CreateKeyPair.Request t = request.templates();
        Attributes common = Templates.apply(CreateKeyPairHandler.orEmpty(t.common()), ctx);
        Attributes privateTemplate =
                CreateKeyPairHandler.merge(common, Templates.apply(CreateKeyPairHandler.orEmpty(t.privateKey()), ctx));
        Attributes publicTemplate =
                CreateKeyPairHandler.merge(common, Templates.apply(CreateKeyPairHandler.orEmpty(t.publicKey()), ctx));
        AttributeRules.checkTemplate(privateTemplate, ctx);
        AttributeRules.checkTemplate(publicTemplate, ctx);
        ProtectionStorage.check(t.commonMasks());
        ProtectionStorage.check(t.privateMasks());
        ProtectionStorage.check(t.publicMasks());

        Attributes successor = successor(oldPrivate.attributes(), privateTemplate, request.offsetSeconds(), ctx);
        // The pair is made to what its private key will carry, as Create Key Pair makes one: the old key's algorithm
        // and curve or length unless the template says otherwise, checked before any write. The template's length or
        // curve is looked at alone: merged into the old key's, the inherited length outweighed a template's curve (a
        // P-256 key was made and labelled P-384).
        var algorithm = successor
                .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA,
                        "private key " + oldPrivate.uid() + " has no Cryptographic Algorithm"));
        boolean rsa = CreateKeyPairHandler.isRsa(algorithm, "Re-key Key Pair renews");
        int bits = CreateKeyPairHandler.length(privateTemplate, rsa)
                .or(() -> CreateKeyPairHandler.length(successor, rsa))
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA,
                        "private key " + oldPrivate.uid() + " has no Cryptographic Length or Recommended Curve"));
        QuantumSafety.check(privateTemplate, algorithm, bits);
        QuantumSafety.check(publicTemplate, algorithm, bits);
        Attributes newPrivate = CreateKeyPairHandler.shaped(successor, rsa, bits);
        Attributes newPublic = CreateKeyPairHandler.shaped(
                withShapeOf(
                        newPrivate,
                        successor(
                                oldPublic.map(KmipObject::attributes).orElse(Attributes.EMPTY),
                                publicTemplate,
                                request.offsetSeconds(),
                                ctx)),
                rsa,
                bits);
        Attributes oldPrivateKept = ReplacedKeys.kept(oldPrivate, ctx);
        Optional<Attributes> oldPublicKept = oldPublic.map(o -> ReplacedKeys.kept(o, ctx));
        var pair = CreateKeyPairHandler.generate(rsa, bits, ctx);
        ReplacedKeys.releaseNames(oldPrivate, oldPrivateKept, ctx);
        if (oldPublic.isPresent()) {
            ReplacedKeys.releaseNames(oldPublic.get(), oldPublicKept.orElseThrow(), ctx);
        }
        // Each new key is its predecessor's owner's, not an administrator's who re-keys the pair; a public key is
        // normally its private key's owner's, but one registered by another client stays that client's.
        String privateOwner = oldPrivate.row().owner();
        StoredObject[] stored = CreateKeyPairHandler.storePair(
                pair,
                rsa,
                newPrivate.with(link(LinkType.REPLACED_OBJECT_LINK, oldPrivate.uid())),
                oldPublic
                        .map(o -> newPublic.with(link(LinkType.REPLACED_OBJECT_LINK, o.uid())))
                        .orElse(newPublic),
                new CreateKeyPairHandler.Owners(
                        privateOwner, oldPublic.map(o -> o.row().owner()).orElse(privateOwner)),
                ctx);
        ReplacedKeys.linkTo(stored[0].uid(), oldPrivate, oldPrivateKept, ctx);
        if (oldPublic.isPresent()) {
            ReplacedKeys.linkTo(stored[1].uid(), oldPublic.get(), oldPublicKept.orElseThrow(), ctx);
        }
        ctx.batch().producedKeyPair(REFERENCES, stored[0].uid(), stored[1].uid());
        return new CreateKeyPair.Response(stored[0].uid(), stored[1].uid(), null, null);
    }

    /** The old key, if it may be re-keyed: never bound, never Destroyed or Compromised. */
    private static KmipObject usable(KmipObject old, OperationContext ctx) {
        if (old.isBound()) {
            throw BoundRefusal.refuse(
                    old,
                    Operation.RE_KEY_KEY_PAIR,
                    "object " + old.uid() + " is bound to attestation policy '"
                            + old.attestationPolicy().orElse("")
                            + "' and its pair cannot be re-keyed; an administrator creates and binds the replacement",
                    ctx);
        }
        if (old.state() == State.DESTROYED
                || old.state() == State.DESTROYED_COMPROMISED
                || old.state() == State.COMPROMISED) {
            throw ResultReasons.wrongState(
                    ctx.version(), "object " + old.uid() + " is " + old.state() + " and cannot be re-keyed");
        }
        return old;
    }

    /** The old key's attributes less its history, then the template's, then the re-key dates. */
    private static Attributes successor(
            Attributes old, Attributes template, @Nullable Long offsetSeconds, OperationContext ctx) {
        Attributes out = new Attributes(old.list().stream()
                .filter(a -> !ReKeyHandler.NOT_COPIED.contains(a.name()))
                .toList());
        for (Attribute a : template.list()) {
            out = StoredAttributes.replace(out, a);
        }
        for (Attribute date : ReKeyDates.of(old, offsetSeconds, ctx.now())) {
            out = StoredAttributes.replace(out, date);
        }
        return out;
    }

    /**
     * The public key has the new private key's algorithm, length and curve (a registered pair may lack them on one
     * side).
     */
    private static Attributes withShapeOf(Attributes privateKey, Attributes publicKey) {
        Attributes out = publicKey;
        for (String name : List.of(
                AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
                AttributeNames.CRYPTOGRAPHIC_LENGTH,
                CreateKeyPairHandler.RECOMMENDED_CURVE)) {
            Optional<Attribute> a = privateKey.first(name);
            if (a.isPresent()) {
                out = StoredAttributes.replace(out, a.get());
            }
        }
        return out;
    }

    private static Optional<String> linked(KmipObject o, LinkType type) {
        return o.attributes().all(AttributeNames.LINK).stream()
                .map(Attribute::value)
                .filter(Link.class::isInstance)
                .map(Link.class::cast)
                .filter(l -> l.type().is(type))
                .map(l -> l.linkedObject().toString())
                .findFirst();
    }

    private static Attribute link(LinkType type, String uid) {
        return Attribute.of(AttributeNames.LINK, Link.of(type, uid));
    }
}
