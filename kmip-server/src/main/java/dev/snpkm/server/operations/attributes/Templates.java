package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ResultReasons;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.LocateQuery;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Template objects (KMIP 1.4 §2.2.6; deprecated in 1.3, removed in 2.0): a named list of client-settable attributes.
 * The held attributes are the Template's own attributes (1.4 §3 lists Templates among the object types of Cryptographic
 * Algorithm, Usage Mask, Object Group...), so Get Attributes and Locate see them; Get returns them as the Template.
 * A Template-Attribute's Name field names Templates whose attributes a Create, Create Key Pair, Re-key or Register
 * applies: in the order named, each one's attributes except its Name (which names the Template itself), then the
 * request's own attributes, which replace same-named ones from the Templates.
 *
 * <p>Only KMIP 1.x clients see Templates: to a 2.x request a Template is no object at all (Object Not Found, hidden from
 * Locate), and a 2.x Register of one is Invalid Object Type.
 */
public final class Templates {
    /**
     * Objects of one name among the owner's looked at, newest first, at most: names are unique among an owner's live
     * objects, so the others are destroyed Templates that kept theirs, and the live one is normally the newest.
     */
    private static final int SAME_NAME_LIMIT = 64;
    /** Distinct Templates one request may name: each is a store lookup. */
    static final int MAX_TEMPLATE_NAMES = 64;

    /** Attributes that describe the Template object itself and so are not applied to objects made from it. */
    private static final Set<String> OF_THE_TEMPLATE_ITSELF = Set.of(AttributeNames.NAME);

    private Templates() {}

    static boolean isTemplate(KmipObject o) {
        return o.row().objectType() == ObjectType.TEMPLATE.value();
    }

    /** What a Template may be the subject of (1.4 §2.2.6); lifecycle operations such as Activate are not. */
    private static final Set<Operation> TEMPLATE_OPERATIONS = EnumSet.of(
            Operation.GET,
            Operation.GET_ATTRIBUTES,
            Operation.GET_ATTRIBUTE_LIST,
            Operation.ADD_ATTRIBUTE,
            Operation.MODIFY_ATTRIBUTE,
            Operation.DELETE_ATTRIBUTE,
            Operation.DESTROY);

    /** The object, if the request's operation applies to it; a Template is refused for any other. */
    public static KmipObject checkOperation(KmipObject o, OperationContext ctx) {
        if (isTemplate(o)
                && ctx.operation() != null
                && !ctx.operation().known().map(TEMPLATE_OPERATIONS::contains).orElse(false)) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "object " + o.uid() + " is a Template: " + ctx.operation() + " does not apply to it");
        }
        return o;
    }

    /** Whether a request of this version cannot see the object: Templates do not exist in KMIP 2.x. */
    public static boolean hiddenFrom(KmipObject o, KmipVersion v) {
        return v.isTwoOrLater() && isTemplate(o);
    }

    /** Register of a Template (1.x): its held attributes plus the request's Template-Attribute, as the object's. */
    public static Register.Response register(Register.Request request, OperationContext ctx) {
        if (ctx.version().isTwoOrLater() || !(request.object() instanceof ManagedObject.Template template)) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Template objects were removed in KMIP 2.0; "
                            + "give the attributes in the request's Attributes instead");
        }
        Attributes requested = apply(request.attributes(), ctx);
        List<Attribute> held = new ArrayList<>(requested.list()); // appended in one go: with() copies every time
        held.addAll(template.attributes().list());
        Attributes attributes = new Attributes(held, requested.templateNames());
        AttributeRules.checkTemplate(attributes, ctx);
        UniqueNames.checkTemplate(attributes, ctx);
        // No material to seal, but a stored (empty) one, so that Get serves it and Destroy has something to erase.
        StoredMaterial none = new StoredMaterial(0, 0, 0, new byte[0]);
        String uid = ObjectAccess.create(ObjectType.TEMPLATE, attributes, none.encode(), ctx)
                .uid();
        ctx.batch().produced(UniqueIdentifierReference.REGISTER, uid);
        return new Register.Response(uid, null);
    }

    /** The Template as Get returns it: every attribute a client gave it. */
    public static ManagedObject.Template toWire(Attributes stored) {
        return new ManagedObject.Template(new Attributes(stored.list().stream()
                .filter(a -> !AttributeRules.isServerOnly(a.name()))
                .toList()));
    }

    /**
     * A request template with the Templates its Names reference applied; the result names no Templates. A name no
     * live Template of the client's carries is Item Not Found.
     */
    public static Attributes apply(Attributes requested, OperationContext ctx) {
        if (requested.templateNames().isEmpty()) {
            return requested;
        }
        List<Name> names = requested.templateNames();
        long distinct = names.stream().map(Name::value).distinct().count();
        if (distinct > MAX_TEMPLATE_NAMES) {
            throw ResultReasons.fail(
                    ResultReason.INVALID_FIELD,
                    "the Template-Attribute names " + distinct + " Templates; at most " + MAX_TEMPLATE_NAMES
                            + " are accepted");
        }
        Map<String, KmipObject> found = new HashMap<>(); // a name given twice is looked up once
        List<Attribute> merged = new ArrayList<>();
        for (Name name : names) {
            KmipObject template = found.computeIfAbsent(name.value(), v -> find(name, ctx));
            for (Attribute a : template.attributes().list()) {
                if (!OF_THE_TEMPLATE_ITSELF.contains(a.name()) && !AttributeRules.isServerOnly(a.name())) {
                    merged.removeIf(m -> m.name().equals(a.name()) && !AttributeInstances.isMultiInstance(a.name()));
                    merged.add(a);
                }
            }
            if (merged.size() > AttributeBounds.MAX_INSTANCES) { // each removeIf above walks the whole list
                throw ResultReasons.serverLimitExceeded(
                        ctx.version(),
                        "the Templates named give more than " + AttributeBounds.MAX_INSTANCES
                                + " attribute instances, more than an object may carry");
            }
        }
        Set<String> explicit = requested.list().stream().map(Attribute::name).collect(Collectors.toSet());
        merged.removeIf(m -> explicit.contains(m.name()));
        merged.addAll(requested.list());
        return new Attributes(merged);
    }

    /** The client's live Template of that name, found through the name index (not among all its Templates). */
    private static KmipObject find(Name name, OperationContext ctx) {
        LocateQuery q = LocateQuery.all()
                .maxItems(SAME_NAME_LIMIT)
                .objectType(ObjectType.TEMPLATE.value())
                .name(name.value())
                .newestFirst()
                .owner(ctx.services().access().ownerOf(ctx.client()));
        return ctx.services().store().locate(q).stream()
                .map(row -> ObjectAccess.view(row, ctx))
                .filter(t -> t.state() != State.DESTROYED && t.state() != State.DESTROYED_COMPROMISED)
                .filter(t -> t.attributes().all(AttributeNames.NAME).stream()
                        .anyMatch(a -> a.value() instanceof Name n && n.value().equals(name.value())))
                .findFirst()
                .orElseThrow(() -> ResultReasons.objectNotFound(
                        ctx.version(), "no Template named '" + name.value() + "' (the Template-Attribute names it)"));
    }
}
