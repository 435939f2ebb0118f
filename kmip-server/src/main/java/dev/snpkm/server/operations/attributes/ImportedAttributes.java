package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.lifecycle.KeyLifecycle;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The attributes an Import takes (KMIP 2.1 §6.1 "Import": the object gets the supplied attributes, not server-generated
 * ones), so that what Export returned can be imported back:
 * <ul>
 *   <li>the object's identity (Unique Identifier, Object Type) must agree with the request's;</li>
 *   <li>values the server derives from the material or keeps for itself (Digest, Key Format Type, Always Sensitive,
 *       the certificate fields...) and the store's own dates (Initial Date, Last Change Date) are recomputed, the
 *       supplied ones dropped;</li>
 *   <li>History the server cannot know is kept: Original Creation Date, Fresh, Random Number Generator;</li>
 *   <li>State must be what the Activation and Deactivation Dates give (Pre-Active, Active or Deactivated): Import
 *       does not make Compromised or Destroyed objects, nor take their dates and Revocation Reason;</li>
 *   <li>everything else follows Register's rules ({@link AttributeRules#checkRegisterTemplate}): the attestation
 *       binding and grants only from an administrator, a binding only to a policy the server enforces.</li>
 * </ul>
 */
public final class ImportedAttributes {
    private static final Set<String> RECOMPUTED = recomputed();

    private static final Set<String> KEPT =
            Set.of("Original Creation Date", AttributeNames.FRESH, "Random Number Generator");

    private static final Set<String> OTHER_STATES = Set.of(
            "Compromise Date", "Compromise Occurrence Date", "Revocation Reason", "Destroy Date", "Archive Date");

    private ImportedAttributes() {}

    private static Set<String> recomputed() {
        Set<String> names = new HashSet<>(Set.of(
                "Digest",
                "Key Value Present",
                AttributeNames.KEY_FORMAT_TYPE,
                "Initial Date",
                "Last Change Date",
                "Lease Time",
                "Short Unique Identifier",
                "Always Sensitive",
                "Never Extractable",
                "Certificate Type",
                "Certificate Length",
                AttributeNames.CERTIFICATE_SUBJECT_CN,
                ProtectionStorage.ATTRIBUTE));
        names.addAll(X509Attributes.NAMES);
        return Set.copyOf(names);
    }

    /** The attributes to store for an Import of {@code type} under {@code uid}; refuses what Import cannot take. */
    public static Attributes accept(Attributes given, String uid, ObjectType type, OperationContext ctx) {
        List<Attribute> kept = new ArrayList<>();
        List<Attribute> rest = new ArrayList<>();
        Optional<Integer> state = Optional.empty();
        for (Attribute a : given.list()) {
            String name = a.name();
            if (name.equals(AttributeNames.UNIQUE_IDENTIFIER)) {
                requireEqual(name, text(a), uid);
            } else if (name.equals(AttributeNames.OBJECT_TYPE)) {
                requireEqual(name, enumeration(a).map(String::valueOf), String.valueOf(type.value()));
            } else if (name.equals(AttributeNames.STATE)) {
                state = enumeration(a);
            } else if (OTHER_STATES.contains(name)) {
                throw invalid(name + " describes a revoked, destroyed or archived object, which Import does not make");
            } else if (KEPT.contains(name)) {
                kept.add(a);
            } else if (!RECOMPUTED.contains(name)) {
                rest.add(a);
            }
        }
        Attributes checked = new Attributes(rest);
        AttributeRules.checkRegisterTemplate(checked, ctx);
        for (Attribute a : kept) {
            checked = StoredAttributes.replace(checked, a);
        }
        if (state.isPresent()) {
            State follows = KeyLifecycle.effectiveState(
                    State.PRE_ACTIVE,
                    StoredAttributes.date(checked, AttributeNames.ACTIVATION_DATE),
                    StoredAttributes.date(checked, AttributeNames.DEACTIVATION_DATE),
                    ctx.now());
            if (state.get() != follows.value()) {
                throw invalid("State " + state.get() + " does not follow from the Activation and Deactivation Dates "
                        + "given (they make the object " + follows.specName() + ")");
            }
        }
        return checked;
    }

    private static Optional<String> text(Attribute a) {
        return a.item().filter(Ttlv.TextString.class::isInstance).map(t -> ((Ttlv.TextString) t).value());
    }

    private static Optional<Integer> enumeration(Attribute a) {
        return a.item().filter(Ttlv.Enumeration.class::isInstance).map(t -> ((Ttlv.Enumeration) t).value());
    }

    private static void requireEqual(String name, Optional<String> given, String expected) {
        if (!given.map(expected::equals).orElse(false)) {
            throw invalid("the " + name + " attribute does not match the Import request's");
        }
    }

    private static KmipOperationException invalid(String message) {
        return new KmipOperationException(ResultReason.INVALID_FIELD, message);
    }
}
