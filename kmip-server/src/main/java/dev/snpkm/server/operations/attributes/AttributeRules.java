package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.ResultReasons;
import java.util.Set;

/**
 * Which attributes a client may set, and when (KMIP 1.4 §3 "Modifiable by client" rows, 2.1 §4). Server-managed
 * attributes are never accepted from clients; creation-time attributes only in a Create/Register template; the
 * attestation binding only from an administrator (docs/ARCHITECTURE.md "The attested release").
 */
public final class AttributeRules {
    /** Set only by the server (KMIP 1.4 §3: "Initially set by: Server", "Modifiable by client: No"). */
    private static final Set<String> SERVER_ONLY = withCertificateAttributes(
            "Unique Identifier",
            "Object Type",
            "State",
            "Initial Date",
            "Last Change Date",
            "Digest",
            "Destroy Date",
            "Compromise Date",
            "Compromise Occurrence Date",
            "Revocation Reason",
            "Archive Date",
            "Original Creation Date",
            "Key Value Present",
            "Fresh",
            "Always Sensitive",
            "Never Extractable",
            "Certificate Type",
            "Certificate Length",
            AttributeNames.CERTIFICATE_SUBJECT_CN,
            "Lease Time",
            "Short Unique Identifier",
            ProtectionStorage.ATTRIBUTE,
            AttributeNames.X_OWNER);

    /**
     * Settable in a Create/Register template but fixed afterwards: they describe the material. Random Number
     * Generator is "initially set by server or client" (1.4 §3.44, 2.1 §4.48): a Register keeps the client's, a
     * Create replaces it with the generator the server used.
     */
    private static final Set<String> CREATION_ONLY = Set.of(
            AttributeNames.CRYPTOGRAPHIC_ALGORITHM,
            AttributeNames.CRYPTOGRAPHIC_LENGTH,
            "Cryptographic Domain Parameters",
            "Random Number Generator",
            // KMIP 1.4 §3.21: the Total "SHALL NOT be changed once the object begins to be used"; the Count is the
            // server's. Fixed at creation, so a client can neither lift nor reset its key's limit.
            AttributeNames.USAGE_LIMITS);

    private AttributeRules() {}

    /** The server-only names plus every attribute the server derives from a certificate ({@link X509Attributes}). */
    private static Set<String> withCertificateAttributes(String... names) {
        Set<String> all = new java.util.HashSet<>(Set.of(names));
        all.addAll(X509Attributes.NAMES);
        return Set.copyOf(all);
    }

    public static boolean isServerOnly(String name) {
        return SERVER_ONLY.contains(name);
    }

    /**
     * Server-set attributes a Register template may still state: Fresh is "initially set by server or client" (KMIP
     * 1.4 §3.34, 2.1 §4.16) since only the client knows whether registered material was used before; Certificate Type
     * describes the registered certificate and is accepted when it matches it ({@link CertificateAttributes}).
     */
    private static final Set<String> REGISTER_MAY_STATE = Set.of(AttributeNames.FRESH, AttributeNames.CERTIFICATE_TYPE);

    /** A Create/Create Key Pair/Re-key template: no server-only attributes; the binding only for admins. */
    public static void checkTemplate(Attributes template, OperationContext ctx) {
        checkTemplate(template, Set.of(), ctx);
    }

    /** A Register template: as {@link #checkTemplate(Attributes, OperationContext)}, plus Fresh and Certificate Type. */
    public static void checkRegisterTemplate(Attributes template, OperationContext ctx) {
        checkTemplate(template, REGISTER_MAY_STATE, ctx);
    }

    private static void checkTemplate(Attributes template, Set<String> allowed, OperationContext ctx) {
        // First: a template no object could carry is refused before any merge works through it attribute by attribute.
        if (template.list().size() > AttributeBounds.MAX_INSTANCES) {
            throw ResultReasons.serverLimitExceeded(
                    ctx.version(),
                    "an object may carry " + AttributeBounds.MAX_INSTANCES + " attribute instances; the request gives "
                            + template.list().size());
        }
        for (Attribute a : template.list()) {
            if (SERVER_ONLY.contains(a.name()) && !allowed.contains(a.name())) {
                throw ResultReasons.readOnlyAttribute(ctx.version(), a.name());
            }
            checkBinding(a.name(), ctx);
            checkPolicyKnown(a, ctx);
            checkUsageLimits(a);
        }
    }

    /** A client sets Usage Limits Total and Unit (KMIP 1.4 §3.21); the server starts the Count at the Total. */
    private static void checkUsageLimits(Attribute a) {
        if (!a.name().equals(AttributeNames.USAGE_LIMITS)) {
            return;
        }
        if (!(a.value() instanceof UsageLimits l)
                || l.total() == null
                || l.total() < 0
                || l.unit() == null
                || l.unit().known().isEmpty()) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Usage Limits needs a Usage Limits Total of 0 or more and a Usage Limits Unit (Byte or Object)");
        }
    }

    /**
     * A binding must name a release policy the server enforces: a key bound to a policy that does not exist could
     * never be released, and the operator would only learn it when the VM fails to boot.
     */
    public static void checkPolicyKnown(Attribute a, OperationContext ctx) {
        if (!a.name().equals(AttributeNames.X_ATTESTATION_POLICY)) {
            return;
        }
        String policy = a.item()
                .filter(Ttlv.TextString.class::isInstance)
                .map(t -> ((Ttlv.TextString) t).value())
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        AttributeNames.X_ATTESTATION_POLICY + " must be a Text String naming a release policy"));
        if (!ctx.services().gate().hasPolicy(policy)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "no release policy named '" + policy + "' on this server (see kmipctl policies list)");
        }
    }

    /** Add/Modify/Set/Delete Attribute of {@code name} on an existing object. */
    public static void checkChange(String name, KmipObject o, OperationContext ctx) {
        checkBinding(name, ctx);
        if (SERVER_ONLY.contains(name) || CREATION_ONLY.contains(name)) {
            throw ResultReasons.readOnlyAttribute(ctx.version(), name);
        }
        // KMIP 1.4 §3.24/§3.27, 2.1 §4.1/§4.22: the dates may be changed only before they took effect. The attribute
        // is writable; the object's state forbids the change, hence Wrong Key Lifecycle State (2.x; SKLC-M-3-21).
        if (name.equals(AttributeNames.ACTIVATION_DATE) && o.state() != State.PRE_ACTIVE) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "Activation Date can only change while the object is Pre-Active; it is " + o.state());
        }
        if (name.equals(AttributeNames.DEACTIVATION_DATE)
                && o.state() != State.PRE_ACTIVE
                && o.state() != State.ACTIVE) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "Deactivation Date can only change before it took effect; the object is " + o.state());
        }
    }

    /** Only administrators set, change or remove the attestation binding and the access grants. */
    public static void checkBinding(String name, OperationContext ctx) {
        if (ADMIN_ONLY.contains(name) && !ctx.isAdministrator()) {
            String message = "only an administrator may set, change or remove " + name;
            ctx.services()
                    .accountability()
                    .refused(
                            ctx.client(),
                            "binding-edit-denied",
                            null,
                            (ctx.operation() == null ? "" : ctx.operation() + ": ") + message);
            throw new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
        }
    }

    private static final Set<String> ADMIN_ONLY =
            Set.of(AttributeNames.X_ATTESTATION_POLICY, AttributeNames.X_AUTHORIZED_CLIENT);
}
