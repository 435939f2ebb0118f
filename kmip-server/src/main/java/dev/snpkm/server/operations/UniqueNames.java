package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.server.store.LocateQuery;
import dev.snpkm.server.store.ManagedObject;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Name uniqueness (KMIP 1.4 §3.2, 2.1 §4.34 Name: "Names SHALL be unique within a given key management domain").
 *
 * <p>The key management domain here is the owner: each client sees only its own objects (ObjectAccess denies the
 * rest), so a server-wide check would tell one client which names another client uses and let it squat them. An
 * administrator changing someone's object is checked in that object's owner's domain. Objects whose material was
 * destroyed no longer hold their names, so a storage tool can re-create a key under the name of one it destroyed.
 *
 * <p>A clash is Non Unique Name Attribute (2.x, 2.1 §11.46; BL-M-8-21: adding a Name the object already holds). KMIP
 * 1.x has no such reason; a 1.x client gets Invalid Field.
 */
final class UniqueNames {
    /** Locate scans this many of the owner's objects at most (the same bound Locate uses). */
    private static final int SCAN_LIMIT = 100_000;

    private static final Set<Integer> NAME_RELEASED = Set.of(State.DESTROYED.value(),
            State.DESTROYED_COMPROMISED.value());

    private UniqueNames() {
    }

    /** Add Attribute: if it is a Name, no live object of the owner, the target included, may hold it already. */
    static void checkAdded(Attribute added, KmipObject target, OperationContext ctx) {
        if (added.value() instanceof Name n) {
            check(n, target.row().owner(), null, ctx);
        }
    }

    /**
     * Set/Modify Attribute: if it is a Name, the target's attributes after the change hold it once, and no other live
     * object of the owner holds it (re-setting a Name to its own value is no clash).
     */
    static void checkReplaced(Attribute replacement, KmipObject target, Attributes after, OperationContext ctx) {
        if (replacement.value() instanceof Name n) {
            if (after.all(AttributeNames.NAME).stream().filter(a -> a.value() instanceof Name m && same(m, n))
                    .count() > 1) {
                throw clash(n, ctx);
            }
            check(n, target.row().owner(), target.uid(), ctx);
        }
    }

    /** The Names of a new object's template, owned by the requesting client. */
    static void checkTemplate(Attributes template, OperationContext ctx) {
        String owner = ctx.services().access().ownerOf(ctx.client());
        List<Attribute> names = template.all(AttributeNames.NAME);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).value() instanceof Name n) {
                for (int j = 0; j < i; j++) {
                    if (names.get(j).value() instanceof Name other && same(n, other)) {
                        throw clash(n, ctx);
                    }
                }
                check(n, owner, null, ctx);
            }
        }
    }

    /** Create Key Pair: the two new keys' Names, which must not clash with each other either. */
    static void checkPair(Attributes privateKey, Attributes publicKey, OperationContext ctx) {
        Attributes both = privateKey;
        for (Attribute a : publicKey.all(AttributeNames.NAME)) {
            both = both.with(a);
        }
        checkTemplate(both, ctx);
    }

    /** No live object of {@code owner} other than {@code exceptUid} (null: none excepted) holds the name. */
    private static void check(Name wanted, String owner, String exceptUid, OperationContext ctx) {
        LocateQuery q = LocateQuery.all().owner(owner).maxItems(SCAN_LIMIT);
        for (ManagedObject row : ctx.services().store().locate(q)) {
            if (!row.uid().equals(exceptUid) && !NAME_RELEASED.contains(row.state()) && holds(row, wanted)) {
                throw clash(wanted, ctx);
            }
        }
    }

    private static boolean holds(ManagedObject row, Name wanted) {
        for (Attribute a : StoredAttributes.decode(row.attributes()).all(AttributeNames.NAME)) {
            if (a.value() instanceof Name n && same(n, wanted)) {
                return true;
            }
        }
        return false;
    }

    /** Two Names are the same name when their values are equal (the type only says how to read the value). */
    private static boolean same(Name a, Name b) {
        return Objects.equals(a.value(), b.value());
    }

    private static KmipOperationException clash(Name n, OperationContext ctx) {
        return new KmipOperationException(
                ctx.version().isTwoOrLater() ? ResultReason.NON_UNIQUE_NAME_ATTRIBUTE : ResultReason.INVALID_FIELD,
                "the name '" + n.value() + "' is already in use");
    }
}
