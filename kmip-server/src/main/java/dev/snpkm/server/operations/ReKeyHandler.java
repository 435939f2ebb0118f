package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.operations.material.SymmetricKeyGeneration;
import dev.snpkm.server.store.StoredObject;
import java.security.SecureRandom;
import java.util.Set;

/**
 * Re-key (KMIP 1.4 §4.4): a fresh symmetric key of the same algorithm and length, one Create makes
 * ({@link SymmetricKeyGeneration}; a template may give another, and the key is made to what it will carry). The
 * replacement takes the old key's client attributes (Names move to it), and the two are linked: Replaced Object Link
 * on the new key, Replacement Object Link on the old one. The new key is the old one's owner's, also when an
 * administrator re-keys it. The new key's dates follow {@link ReKeyDates}. A bound key
 * is never re-keyed: the attestation binding would have to be re-established by an administrator
 * (docs/ARCHITECTURE.md "No bypass").
 */
public final class ReKeyHandler implements OperationHandler<ReKey.Request> {
    /** Attributes that describe the old key's own history and are not copied to its replacement (nor a pair's). */
    static final Set<String> NOT_COPIED = Set.of(
            "Initial Date",
            "Last Change Date",
            "Activation Date",
            "Process Start Date",
            "Protect Stop Date",
            "Deactivation Date",
            "Revocation Reason",
            "Compromise Date",
            "Compromise Occurrence Date",
            "Destroy Date",
            AttributeNames.LINK);

    /** The length of a key that has none recorded (as before: Re-key made 256-bit keys then). */
    private static final int DEFAULT_BITS = 256;
    /**
     * The longest key Re-key makes of an algorithm the server does not create itself (a registered HMAC key, say):
     * random bytes of the recorded length, which Register now ties to the key it was given, and which a store from
     * before that may hold as anything.
     */
    private static final int MAX_OTHER_BITS = 4096;
    /** A 3DES key registered as its 24 bytes (PyKMIP records 192 bits): the server makes such keys as 168 bits. */
    private static final int TRIPLE_DES_BYTES_BITS = 192;

    @Override
    public Operation operation() {
        return Operation.RE_KEY;
    }

    @Override
    public Class<ReKey.Request> requestType() {
        return ReKey.Request.class;
    }

    @Override
    public ResponsePayload handle(ReKey.Request request, OperationContext ctx) {
        KmipObject old = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        if (old.isBound()) {
            throw BoundRefusal.refuse(
                    old,
                    Operation.RE_KEY,
                    "object " + old.uid() + " is bound to attestation policy '"
                            + old.attestationPolicy().orElse("")
                            + "' and cannot be re-keyed; an administrator creates and binds the replacement",
                    ctx);
        }
        if (old.objectType() != ObjectType.SYMMETRIC_KEY) {
            throw ResultReasons.wrongObjectType(ctx.version(), "Re-key renews Symmetric Keys, not " + old.objectType());
        }
        if (old.state() == State.DESTROYED
                || old.state() == State.DESTROYED_COMPROMISED
                || old.state() == State.COMPROMISED) {
            throw ResultReasons.wrongState(
                    ctx.version(), "object " + old.uid() + " is " + old.state() + " and cannot be re-keyed");
        }
        Attributes template =
                request.attributes() == null ? Attributes.EMPTY : Templates.apply(request.attributes(), ctx);
        AttributeRules.checkTemplate(template, ctx);
        ProtectionStorage.check(request.protectionStorageMasks());
        Attributes attributes = new Attributes(old.attributes().list().stream()
                .filter(a -> !NOT_COPIED.contains(a.name()))
                .toList());
        for (Attribute a : template.list()) {
            attributes = StoredAttributes.replace(attributes, a);
        }
        for (Attribute date : ReKeyDates.of(old.attributes(), request.offsetSeconds(), ctx.now())) {
            attributes = StoredAttributes.replace(attributes, date);
        }
        // The key is made to the algorithm and length it will carry, bounded: the old key's length is the client's own
        // at Register, and bits / 8 of an arbitrary one was the allocation.
        var algorithm = attributes
                .enumeration(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, CryptographicAlgorithm.class)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.MISSING_DATA, "object " + old.uid() + " has no Cryptographic Algorithm"));
        int bits = attributes.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH).orElse(DEFAULT_BITS);
        checkReplacement(algorithm, bits); // before any write
        Attributes kept = ReplacedKeys.kept(old, ctx); // also before any write
        ReplacedKeys.releaseNames(old, kept, ctx);
        // made last, so that storeAndWipe, which zeroes it whatever happens, has it next
        byte[] key = replacement(algorithm, bits, ctx.services().random());
        // The old key's owner's, not the caller's: an administrator's re-key took the key away from its owner.
        StoredObject created = CreateHandler.storeAndWipeOwnedBy(
                ObjectType.SYMMETRIC_KEY,
                attributes.with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.REPLACED_OBJECT_LINK, old.uid()))),
                new StoredMaterial(KeyFormatType.RAW.value(), 0, KeyFormatType.RAW.value(), key),
                old.row().owner(),
                ctx);
        ReplacedKeys.linkTo(created.uid(), old, kept, ctx);
        ctx.batch().produced(UniqueIdentifierReference.RE_KEY, created.uid());
        return new ReKey.Response(created.uid(), null);
    }

    /** Invalid Field, before anything is written, for a replacement Re-key will not make. */
    private static void checkReplacement(EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        if (SymmetricKeyGeneration.creates(algorithm, bits) || isTripleDesBytes(algorithm, bits)) {
            return;
        }
        if (bits <= 0 || bits % 8 != 0 || bits > MAX_OTHER_BITS) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "cannot re-key a " + algorithm + " key of " + bits + " bits: a key the server does not create is "
                            + "renewed as random bytes of its length, a multiple of 8 up to " + MAX_OTHER_BITS);
        }
    }

    /** What Create makes when it makes such keys; else random bytes of the length (checked above). */
    private static byte[] replacement(EnumCode<CryptographicAlgorithm> algorithm, int bits, SecureRandom random) {
        if (SymmetricKeyGeneration.creates(algorithm, bits)) {
            return SymmetricKeyGeneration.generate(algorithm, bits, random);
        }
        if (isTripleDesBytes(algorithm, bits)) {
            return SymmetricKeyGeneration.generate(algorithm, 168, random); // the same 24 bytes, with DES parity
        }
        byte[] key = new byte[bits / 8];
        random.nextBytes(key);
        return key;
    }

    private static boolean isTripleDesBytes(EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        return algorithm.is(CryptographicAlgorithm.TRIPLE_DES) && bits == TRIPLE_DES_BYTES_BITS;
    }
}
