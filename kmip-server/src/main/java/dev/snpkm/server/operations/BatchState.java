package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.release.ReleaseDecision;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/**
 * The per-batch ID Placeholder and the UIDs returned so far (KMIP 1.4 §4 introduction;
 * 2.x enumeration and index forms, KMIP 2.1 §4.58, §11.58).
 * Discarded when the batch ends. Not thread-safe: a batch runs on one thread.
 */
public final class BatchState {
    private @Nullable String idPlaceholder;
    private final List<String> returned = new ArrayList<>();
    private final Map<UniqueIdentifierReference, String> lastBy = new EnumMap<>(UniqueIdentifierReference.class);
    private final List<Consumer<String>> approvedReleases = new ArrayList<>();
    /** Batch-scoped public keys ({@link EphemeralKeys}) and their SPKI, by UID; never stored. */
    private final Map<String, KmipObject> ephemeralKeys = new HashMap<>();

    private final Map<String, byte[]> ephemeralSpkis = new HashMap<>();
    /** A batch needs one wrapping key per release; the bound keeps a hostile batch from filling memory. */
    static final int MAX_EPHEMERAL_KEYS = 16;
    /** The running item's audited actions, kept only if it succeeds; and those of the items that succeeded. */
    private final List<AuditEvent> itemActions = new ArrayList<>();

    private final List<AuditEvent> keptActions = new ArrayList<>();
    /** Undo rolled the batch back. */
    private boolean undone;
    /** The last attestation challenge an item answered with; null while none did. */
    private ReleaseDecision.@Nullable ChallengeRequired challenge;

    /** An action the running item took, audited once the batch commits (dropped if the item or batch fails). */
    public void audit(AuditEvent action) {
        itemActions.add(action);
    }

    /** The running item ended: its actions are kept if it succeeded, dropped if its writes were rolled back. */
    public void itemEnded(boolean succeeded) {
        if (succeeded) {
            keptActions.addAll(itemActions);
        }
        itemActions.clear();
    }

    /** The whole batch was rolled back (Undo): nothing it did is to be audited as done. */
    public void actionsUndone() {
        itemActions.clear();
        keptActions.clear();
        undone = true;
    }

    /** Whether the batch was rolled back (Undo). */
    public boolean undone() {
        return undone;
    }

    /** The actions of the committed batch, to append to the audit log. */
    public List<AuditEvent> committedActions() {
        return List.copyOf(keptActions);
    }

    /** A successful operation that sets the ID Placeholder (Create, Register, Re-key, Locate...). */
    public void produced(UniqueIdentifierReference by, String uid) {
        idPlaceholder = uid;
        returned.add(uid);
        lastBy.put(by, uid);
    }

    /** Create Key Pair: the placeholder holds the private key (KMIP 1.4 §4 intro). */
    public void producedKeyPair(String privateUid, String publicUid) {
        producedKeyPair(
                List.of(
                        UniqueIdentifierReference.CREATE_KEY_PAIR,
                        UniqueIdentifierReference.CREATE_KEY_PAIR_PRIVATE_KEY,
                        UniqueIdentifierReference.CREATE_KEY_PAIR_PUBLIC_KEY),
                privateUid,
                publicUid);
    }

    /** Create or Re-key Key Pair: {@code refs} are the pair's, its private key's and its public key's references. */
    public void producedKeyPair(List<UniqueIdentifierReference> refs, String privateUid, String publicUid) {
        returned.add(privateUid);
        returned.add(publicUid);
        lastBy.put(refs.get(0), privateUid);
        lastBy.put(refs.get(1), privateUid);
        lastBy.put(refs.get(2), publicUid);
        idPlaceholder = privateUid;
    }

    /** Create Split Key: every part is returned; the placeholder holds the first (KMIP 2.1 §6.1 intro). */
    public void producedAll(UniqueIdentifierReference by, List<String> uids) {
        returned.addAll(uids);
        lastBy.put(by, uids.get(0));
        idPlaceholder = uids.get(0);
    }

    /** A batch-scoped public key registered by an earlier item; its SPKI is kept here (public, not secret). */
    void addEphemeral(KmipObject key, byte[] spki) {
        if (ephemeralKeys.size() >= MAX_EPHEMERAL_KEYS) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "a batch may register at most " + MAX_EPHEMERAL_KEYS + " x-ephemeral keys");
        }
        ephemeralKeys.put(key.uid(), key);
        ephemeralSpkis.put(key.uid(), spki.clone());
    }

    /** The batch-scoped key with this UID, if an earlier item of this batch registered it. */
    public Optional<KmipObject> ephemeralKey(String uid) {
        return Optional.ofNullable(ephemeralKeys.get(uid));
    }

    /** A copy of the batch-scoped key's DER SubjectPublicKeyInfo (the caller may zero it). */
    public byte[] ephemeralSpki(String uid) {
        byte[] spki = ephemeralSpkis.get(uid);
        if (spki == null) {
            // Callers ask only for a key ephemeralKey(uid) found, and addEphemeral stores both together.
            throw new IllegalStateException("no batch-scoped key " + uid);
        }
        return spki.clone();
    }

    /** Check denied use: "empties the ID Placeholder" (KMIP 1.4 §4.10). */
    public void clearPlaceholder() {
        idPlaceholder = null;
    }

    /**
     * A release the gate approved whose key leaves only with this batch's response; {@code recordAborted} records it
     * as refused, with the reason, if that response is never sent.
     */
    void releaseApproved(Consumer<String> recordAborted) {
        approvedReleases.add(recordAborted);
    }

    /**
     * This batch's response will not carry the keys its items released (its commit failed, or it exceeds the Maximum
     * Response Size): each approved release is recorded as refused, so the audit log never ends on "released" for a
     * key that was not sent.
     */
    public void releasesAborted(String why) {
        approvedReleases.forEach(r -> r.accept(why));
        approvedReleases.clear();
    }

    /**
     * An item fails with Attestation Required: the response header is to carry this nonce and the accepted attestation
     * types (KMIP 1.4 §11.1, KMIP Usage Guide 2.1 §3.58).
     */
    void challenged(ReleaseDecision.ChallengeRequired c) {
        challenge = c;
    }

    /** The challenge for the response header, if an item of this batch answered with one (the last one wins). */
    public Optional<ReleaseDecision.ChallengeRequired> challenge() {
        return Optional.ofNullable(challenge);
    }

    /** The UID a request means: its text, the placeholder when omitted, or a 2.x reference/index. */
    public String resolve(@Nullable UniqueIdentifier uid) {
        if (uid == null) {
            return require(idPlaceholder, "Unique Identifier omitted and no ID Placeholder set by an earlier item");
        }
        if (uid instanceof UniqueIdentifier.Text t) {
            return t.value();
        }
        if (uid instanceof UniqueIdentifier.Reference r) {
            UniqueIdentifierReference ref = r.reference()
                    .known()
                    .orElseThrow(() -> new KmipOperationException(
                            ResultReason.INVALID_FIELD, "unknown Unique Identifier reference " + r.reference()));
            String value = ref == UniqueIdentifierReference.ID_PLACEHOLDER ? idPlaceholder : lastBy.get(ref);
            return require(value, "Unique Identifier reference " + ref + " names no earlier item of this batch");
        }
        int index = ((UniqueIdentifier.Index) uid).index();
        int at = index >= 0 ? index : returned.size() + index;
        if (at < 0 || at >= returned.size()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Unique Identifier index " + index + " is outside the " + returned.size()
                            + " UIDs returned so far");
        }
        return returned.get(at);
    }

    private static String require(@Nullable String value, String message) {
        if (value == null) {
            throw new KmipOperationException(ResultReason.MISSING_DATA, message);
        }
        return value;
    }
}
