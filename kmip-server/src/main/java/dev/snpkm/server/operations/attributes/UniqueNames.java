package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.store.NameInUseException;
import java.util.HashSet;
import java.util.Set;

/**
 * Name uniqueness (KMIP 1.4 §3.2, 2.1 §4.34 Name: "Names SHALL be unique within a given key management domain").
 *
 * <p>The key management domain here is the owner: each client sees only its own objects (ObjectAccess denies the
 * rest), so a server-wide check would tell one client which names another client uses and let it squat them. An
 * administrator changing someone's object is checked in that object's owner's domain. Objects whose material was
 * destroyed no longer hold their names, so a storage tool can re-create a key under the name of one it destroyed.
 * Two Names are the same name when their values are equal (the type only says how to read the value).
 *
 * <p>The store enforces it: every write of an object's Names claims them under a unique key in the same transaction
 * ({@link NameInUseException}), so two concurrent requests cannot both take a name, and a check costs one index
 * probe, not a scan of the owner's objects. That covers an object holding one name twice (Add Attribute of a Name it
 * has, BL-M-8-21) and re-setting a Name to its own value (no clash). Here: the clash as a KMIP result, and the checks
 * a new object's template gets before any work is done (key generation, the first insert).
 *
 * <p>A clash is Non Unique Name Attribute (2.x, 2.1 §11.46). KMIP 1.x has no such reason; a 1.x client gets Invalid
 * Field.
 */
public final class UniqueNames {

    private UniqueNames() {}

    /** The Names of a new object's template: no name twice. */
    public static void checkTemplate(Attributes template, OperationContext ctx) {
        Set<String> seen = new HashSet<>();
        for (Attribute a : template.all(AttributeNames.NAME)) {
            if (a.value() instanceof Name n && !seen.add(n.value())) {
                throw clash(n.value(), ctx);
            }
        }
    }

    /** Create Key Pair: the two new keys' Names, which must not clash with each other either. */
    public static void checkPair(Attributes privateKey, Attributes publicKey, OperationContext ctx) {
        Attributes both = privateKey;
        for (Attribute a : publicKey.all(AttributeNames.NAME)) {
            both = both.with(a);
        }
        checkTemplate(both, ctx);
    }

    /** The store's refusal of a name as the KMIP result. */
    public static KmipOperationException clash(NameInUseException e, OperationContext ctx) {
        return clash(e.name(), ctx);
    }

    private static KmipOperationException clash(String name, OperationContext ctx) {
        return new KmipOperationException(
                ctx.version().isTwoOrLater() ? ResultReason.NON_UNIQUE_NAME_ATTRIBUTE : ResultReason.INVALID_FIELD,
                "the name '" + name + "' is already in use");
    }
}
