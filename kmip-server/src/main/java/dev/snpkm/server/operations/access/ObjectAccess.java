package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.lifecycle.KeyLifecycle;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ResultReasons;
import dev.snpkm.server.operations.attributes.AttributeBounds;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.store.NameInUseException;
import dev.snpkm.server.store.NewStoredObject;
import dev.snpkm.server.store.ObjectExistsException;
import dev.snpkm.server.store.ObjectStore;
import dev.snpkm.server.store.SearchFields;
import dev.snpkm.server.store.StoredObject;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Loads, checks and saves objects for handlers: resolves the request's Unique Identifier through the batch, enforces
 * ownership (deny by default: another client's object is Permission Denied), evaluates the lifecycle state at read
 * time, and keeps Last Change Date, the Locate columns, the Names the store keeps unique ({@link UniqueNames}) and the
 * grantees Locate lists granted objects by in step with the attributes. A 1.x Template does not exist for a 2.x
 * request ({@link Templates}).
 */
public final class ObjectAccess {
    private ObjectAccess() {}

    /** The object the request names (text, omitted = ID Placeholder, or a 2.x reference), checked for access. */
    public static KmipObject load(@Nullable UniqueIdentifier uid, OperationContext ctx) {
        return loadUid(ctx.batch().resolve(uid), ctx);
    }

    public static KmipObject loadUid(String uid, OperationContext ctx) {
        boolean edits = ctx.operation() != null
                && ctx.operation().known().map(EDITING_OPERATIONS::contains).orElse(false);
        return checked(
                uid,
                edits
                        ? ctx.services().store().getForUpdate(uid)
                        : ctx.services().store().get(uid),
                ctx);
    }

    /** The object read under its row lock, for an edit that a read-only operation makes (Get clearing Fresh). */
    public static KmipObject loadForUpdate(String uid, OperationContext ctx) {
        return checked(uid, ctx.services().store().getForUpdate(uid), ctx);
    }

    /**
     * Operations that read an object's attributes or state and write them back: they read it under a row lock held
     * to the end of the batch, so concurrent edits of one object serialise instead of overwriting each other.
     */
    private static final Set<Operation> EDITING_OPERATIONS = EnumSet.of(
            Operation.ADD_ATTRIBUTE,
            Operation.MODIFY_ATTRIBUTE,
            Operation.DELETE_ATTRIBUTE,
            Operation.SET_ATTRIBUTE,
            Operation.ACTIVATE,
            Operation.REVOKE,
            Operation.DESTROY,
            Operation.RE_KEY,
            Operation.ADJUST_ATTRIBUTE,
            Operation.IMPORT,
            Operation.ARCHIVE,
            Operation.RECOVER,
            Operation.GET_USAGE_ALLOCATION,
            Operation.CERTIFY);

    /** A row the handler read itself (Get reads it with its material), checked for access as {@link #loadUid} does. */
    public static KmipObject checked(String uid, Optional<StoredObject> read, OperationContext ctx) {
        // Templates were removed in 2.0: a 2.x client does not see the ones 1.x clients registered.
        StoredObject row = read.filter(
                        r -> !(ctx.version().isTwoOrLater() && r.objectType() == ObjectType.TEMPLATE.value()))
                .orElseThrow(
                        () -> ResultReasons.objectNotFound(ctx.version(), "no object with Unique Identifier " + uid));
        if (!ctx.services().access().mayAccess(ctx.client(), row.owner())) {
            checkGrant(uid, row, ctx);
        }
        KmipObject o = Templates.checkOperation(view(row, ctx), ctx);
        ArchivedObjects.requireOnline(o, ctx);
        return o;
    }

    /** A client that is neither owner nor administrator needs an x-authorized-client grant, and may only read. */
    private static void checkGrant(String uid, StoredObject row, OperationContext ctx) {
        if (!isGranted(row, ctx)) {
            throw refused(uid, "object " + uid + " belongs to another client", ctx);
        }
        if (ctx.operation() == null
                || !ctx.operation().known().map(GRANTED_OPERATIONS::contains).orElse(false)) {
            throw refused(
                    uid,
                    "object " + uid + " is only granted to this client for Get, Get Attributes, Get "
                            + "Attribute List, Check and Obtain Lease",
                    ctx);
        }
    }

    /**
     * Permission Denied on another client's object: audited (aggregated per client, a probe can be a flood). Also
     * for another client's wrapping key ({@link WrappingKeys}): a refusal there is a probe just the same.
     */
    static KmipOperationException refused(String uid, String message, OperationContext ctx) {
        ctx.services()
                .accountability()
                .refused(
                        ctx.client(),
                        "access-denied",
                        uid,
                        (ctx.operation() == null ? "" : ctx.operation() + ": ") + message);
        return new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
    }

    /**
     * What an x-authorized-client grant allows: reading (and a lease on what it may read), never changing or
     * destroying (the owner's business).
     */
    private static final Set<Operation> GRANTED_OPERATIONS = EnumSet.of(
            Operation.GET,
            Operation.GET_ATTRIBUTES,
            Operation.GET_ATTRIBUTE_LIST,
            Operation.CHECK,
            Operation.OBTAIN_LEASE);

    private static boolean isGranted(StoredObject row, OperationContext ctx) {
        return ctx.services()
                .access()
                .isGranted(ctx.client(), StoredAttributes.grantees(StoredAttributes.decode(row.attributes())));
    }

    /**
     * Whether Locate may list the object to the client: it owns it, is an administrator, or was granted it. The same
     * read check as {@link #checked}, deny by default; Locate's query only narrows the scan to candidates.
     */
    public static boolean mayList(StoredObject row, OperationContext ctx) {
        return ctx.services().access().mayAccess(ctx.client(), row.owner()) || isGranted(row, ctx);
    }

    /** The row with its state evaluated at the request's time; a date-driven change is written back. */
    public static KmipObject view(StoredObject row, OperationContext ctx) {
        KmipObject o = evaluate(row, ctx);
        if (o.state().value() != row.state()) {
            ctx.services().store().updateState(row.uid(), o.state().value());
        }
        return o;
    }

    /** The row with its state evaluated at the request's time, writing nothing (a scan in progress may not). */
    public static KmipObject evaluate(StoredObject row, OperationContext ctx) {
        Attributes attributes = StoredAttributes.decode(row.attributes());
        State stored = state(row.state());
        if (row.objectType() == ObjectType.TEMPLATE.value()) {
            return new KmipObject(row, attributes, stored); // a Template's dates are for the objects made from it
        }
        State now = KeyLifecycle.effectiveState(
                stored,
                StoredAttributes.date(attributes, AttributeNames.ACTIVATION_DATE),
                StoredAttributes.date(attributes, AttributeNames.DEACTIVATION_DATE),
                ctx.now());
        return new KmipObject(row, attributes, now);
    }

    /**
     * Saves a client's attribute edit (Add, Set, Modify, Adjust Attribute) or the Links Create Split Key and Derive
     * Key add to their source (as repeatable as an edit), refused if it grows the attributes past
     * {@link AttributeBounds}. Lifecycle writes (Destroy, Revoke, Archive, a Get's Fresh...) use {@link
     * #saveAttributes} and are never refused for size: a key must stay destroyable whatever it carries.
     */
    public static void saveEditedAttributes(KmipObject o, Attributes attributes, OperationContext ctx) {
        AttributeBounds.checkGrowth(o.attributes(), attributes, ctx.version());
        saveAttributes(o, attributes, ctx);
    }

    /**
     * Saves new attributes: Last Change Date set to now, Always Sensitive and Never Extractable kept true to their
     * history ({@link InitialAttributes#afterChange}).
     */
    public static void saveAttributes(KmipObject o, Attributes attributes, OperationContext ctx) {
        Attributes stamped = StoredAttributes.replace(
                InitialAttributes.afterChange(o.attributes(), attributes),
                Attribute.of("Last Change Date", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, ctx.now())));
        SearchFields fields = StoredAttributes.searchFields(stamped);
        // Only an edit of the Names claims names, only an edit of the grants rewrites the grant table: the others
        // (state changes, dates, Fresh) leave both alone, so they stay possible even for an object the V4 backfill
        // left out of the name table (a pre-existing clash).
        Set<ObjectStore.Derived> changed = EnumSet.noneOf(ObjectStore.Derived.class);
        if (!fields.names().equals(StoredAttributes.names(o.attributes()))) {
            checkIndexed(fields);
            changed.add(ObjectStore.Derived.NAMES);
        }
        List<String> grantees = StoredAttributes.grantees(stamped);
        if (!grantees.equals(StoredAttributes.grantees(o.attributes()))) {
            checkGrantees(grantees);
            changed.add(ObjectStore.Derived.GRANTS);
        }
        try {
            ctx.services().store().updateAttributes(o.uid(), fields, StoredAttributes.encode(stamped), changed);
        } catch (NameInUseException e) {
            throw UniqueNames.clash(e, ctx);
        }
        ActionRecords.changed(o, stamped, ctx);
    }

    /** A grantee is a subject DN (no longer than an owner's may be) or a fingerprint: longer cannot be indexed. */
    private static void checkGrantees(List<String> grantees) {
        if (grantees.stream().anyMatch(g -> g.length() > SearchFields.GRANTEE_MAX)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    AttributeNames.X_AUTHORIZED_CLIENT
                            + " takes a subject DN or SHA-256 fingerprint of at most " + SearchFields.GRANTEE_MAX
                            + " characters");
        }
    }

    /** Names and the Object Group are indexed in columns of {@link SearchFields#TEXT_MAX} characters. */
    private static void checkIndexed(SearchFields f) {
        boolean tooLong = f.names().stream().anyMatch(n -> n.length() > SearchFields.TEXT_MAX)
                || (f.objectGroup() != null && f.objectGroup().length() > SearchFields.TEXT_MAX);
        if (tooLong) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "a Name or Object Group value is longer " + "than " + SearchFields.TEXT_MAX + " characters");
        }
    }

    public static void saveState(KmipObject o, State state, Attributes attributes, OperationContext ctx) {
        saveAttributes(o, attributes, ctx);
        ctx.services().store().updateState(o.uid(), state.value());
    }

    /**
     * Stores a new object owned by the client: server-set attributes added (Initial Date, Last Change Date), state
     * Pre-Active or, if the Activation Date has passed, Active. The material array is zeroed.
     */
    public static StoredObject create(
            ObjectType type, Attributes clientAttributes, byte[] material, OperationContext ctx) {
        return create(type, clientAttributes, material, null, ctx);
    }

    /**
     * Where an Import puts its object: the uid the client chose, whether an object holding it is replaced, and the
     * owner (the importing client's identity, or the replaced object's owner).
     */
    public record ImportTarget(String uid, boolean replace, String owner) {}

    /** As {@link #create(ObjectType, Attributes, byte[], OperationContext)}, at the Import's target if one is given. */
    public static StoredObject create(
            ObjectType type,
            Attributes clientAttributes,
            byte[] material,
            @Nullable ImportTarget target,
            OperationContext ctx) {
        return create(type, clientAttributes, material, target, null, ctx);
    }

    /**
     * As {@link #create(ObjectType, Attributes, byte[], ImportTarget, OperationContext)}, owned by {@code owner} if
     * given (not the caller): a Re-key's replacement stays with its predecessor's owner when an administrator asks.
     * The audit record names the caller, who did it.
     */
    public static StoredObject create(
            ObjectType type,
            Attributes clientAttributes,
            byte[] material,
            @Nullable ImportTarget target,
            @Nullable String owner,
            OperationContext ctx) {
        try {
            long now = ctx.now();
            Attributes a = clientAttributes
                    .with(Attribute.of("Initial Date", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, now)))
                    .with(Attribute.of("Last Change Date", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, now)));
            State state = KeyLifecycle.effectiveState(
                    State.PRE_ACTIVE,
                    StoredAttributes.date(a, AttributeNames.ACTIVATION_DATE),
                    StoredAttributes.date(a, AttributeNames.DEACTIVATION_DATE),
                    now);
            checkGrantees(StoredAttributes.grantees(a));
            Ttlv.Structure encoded = StoredAttributes.encode(a);
            AttributeBounds.check(a, encoded, ctx.version());
            SearchFields fields = StoredAttributes.searchFields(a);
            checkIndexed(fields);
            ObjectStore store = ctx.services().store();
            NewStoredObject object = new NewStoredObject(
                    type.value(),
                    state.value(),
                    target != null
                            ? target.owner()
                            : owner != null ? owner : ctx.services().access().ownerOf(ctx.client()),
                    fields,
                    encoded,
                    material);
            StoredObject row =
                    target == null ? store.create(object) : store.put(target.uid(), object, target.replace());
            ActionRecords.created(type, row.uid(), a, ctx);
            return row;
        } catch (NameInUseException e) {
            throw UniqueNames.clash(e, ctx);
        } catch (ObjectExistsException e) {
            throw new KmipOperationException(
                    ResultReason.OBJECT_ALREADY_EXISTS, e.getMessage() + "; set Replace Existing to replace it");
        } finally {
            if (material != null) {
                Arrays.fill(material, (byte) 0);
            }
        }
    }

    public static State state(int value) {
        for (State s : State.values()) {
            if (s.value() == value) {
                return s;
            }
        }
        throw new IllegalStateException("unknown stored state " + value);
    }
}
