package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes the server sets on every new object from the client's template and the stored material (KMIP 1.4
 * §3.34, §3.48-3.51; 2.1 §4.16 Fresh, §4.26 Key Format Type, §4.1/§4.4/§4.11/§4.29 Sensitive, Always Sensitive,
 * Extractable, Never Extractable):
 * <ul>
 *   <li>Usage Limits: the Count starts at the Total (KMIP 1.4 §3.21), also for the new key of a Re-key.</li>
 *   <li>Protection Storage Mask (2.x): Software, where every object is kept ({@link ProtectionStorage}).</li>
 *   <li>Fresh: true until the object is first served by Get ({@link #served}); a Register template may give it.</li>
 *   <li>Key Format Type (2.x): the format the material came in, the one Get returns by default.</li>
 *   <li>Sensitive (default false) and Extractable (default true) as the template gives them; Always Sensitive and
 *       Never Extractable follow from them at creation and after every change ({@link #afterChange}).</li>
 * </ul>
 * Derived values are recomputed, not copied: Re-key starts from the old key's attributes.
 */
public final class InitialAttributes {
    /** Objects that carry a Key Block: the ones Sensitive, Extractable and Key Format Type describe. */
    private static final Set<ObjectType> KEY_BLOCK_OBJECTS = Set.of(
            ObjectType.SYMMETRIC_KEY,
            ObjectType.PUBLIC_KEY,
            ObjectType.PRIVATE_KEY,
            ObjectType.SECRET_DATA,
            ObjectType.SPLIT_KEY);

    private InitialAttributes() {}

    /**
     * @param template the client's attributes (for Re-key, the old key's), after the template rules were checked
     * @param clientMayGiveFresh whether the template's Fresh is kept (Register: the client knows whether the key was
     *     used before); otherwise a new object is Fresh
     */
    public static Attributes add(
            ObjectType type, Attributes template, StoredMaterial material, boolean clientMayGiveFresh) {
        boolean fresh = !clientMayGiveFresh || flag(template, AttributeNames.FRESH, true);
        Attributes out = StoredAttributes.replace(template, AttributeFactory.bool(AttributeNames.FRESH, fresh));
        out = StoredAttributes.replace(out, ProtectionStorage.attribute());
        Optional<UsageLimits> limits = template.value(AttributeNames.USAGE_LIMITS, UsageLimits.class);
        if (limits.isPresent()) {
            UsageLimits l = limits.get();
            out = StoredAttributes.replace(
                    out, Attribute.of(AttributeNames.USAGE_LIMITS, new UsageLimits(l.total(), l.total(), l.unit())));
        }
        if (!KEY_BLOCK_OBJECTS.contains(type)) {
            return out;
        }
        boolean sensitive = flag(template, AttributeNames.SENSITIVE, false);
        boolean extractable = flag(template, AttributeNames.EXTRACTABLE, true);
        out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.SENSITIVE, sensitive));
        out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.ALWAYS_SENSITIVE, sensitive));
        out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.EXTRACTABLE, extractable));
        out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.NEVER_EXTRACTABLE, !extractable));
        return StoredAttributes.replace(
                out, AttributeFactory.enumeration(AttributeNames.KEY_FORMAT_TYPE, material.registeredFormat()));
    }

    /** The attributes after the object was served to a client: no longer Fresh. Empty if nothing changes. */
    public static Optional<Attributes> served(Attributes current) {
        if (!flag(current, AttributeNames.FRESH, false)) {
            return Optional.empty();
        }
        return Optional.of(StoredAttributes.replace(current, AttributeFactory.bool(AttributeNames.FRESH, false)));
    }

    /**
     * The attributes after a client changed some: Always Sensitive stays True only while Sensitive has always been
     * True, Never Extractable only while Extractable has always been False (KMIP 1.4 §3.49/§3.51, 2.1 §4.2/§4.37).
     * Objects without these attributes (no Key Block) are returned unchanged.
     */
    public static Attributes afterChange(Attributes before, Attributes after) {
        Attributes out = after;
        if (before.first(AttributeNames.ALWAYS_SENSITIVE).isPresent()) {
            boolean always = flag(before, AttributeNames.ALWAYS_SENSITIVE, false)
                    && flag(after, AttributeNames.SENSITIVE, false);
            out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.ALWAYS_SENSITIVE, always));
        }
        if (before.first(AttributeNames.NEVER_EXTRACTABLE).isPresent()) {
            boolean never = flag(before, AttributeNames.NEVER_EXTRACTABLE, false)
                    && !flag(after, AttributeNames.EXTRACTABLE, true);
            out = StoredAttributes.replace(out, AttributeFactory.bool(AttributeNames.NEVER_EXTRACTABLE, never));
        }
        return out;
    }

    /** A Boolean attribute's value; {@code absent} if the object has none (the server's default, 2.1 §4.20/§4.48). */
    public static boolean flag(Attributes a, String name, boolean absent) {
        return a.first(name)
                .flatMap(Attribute::item)
                .filter(Ttlv.BooleanItem.class::isInstance)
                .map(i -> ((Ttlv.BooleanItem) i).value())
                .orElse(absent);
    }
}
