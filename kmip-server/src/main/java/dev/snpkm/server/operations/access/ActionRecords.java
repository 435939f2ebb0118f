package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.operations.BatchState;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * What the audit log records of clients' actions on objects, decided in one place from the changes
 * {@link ObjectAccess} saves: every change of an attestation binding or a grant (bind, unbind, grant, ungrant), and
 * the lifecycle of secret objects (Create, Register, Re-key, Activate, Revoke, Destroy...), and of any object when an
 * administrator acts. A VM's ephemeral public keys (two per boot) are left out: their lifecycle discloses and
 * decides nothing. Records are appended when the batch commits ({@link BatchState#audit}).
 */
public final class ActionRecords {
    /** Operations whose effect on an object is recorded; reading, locating and leasing are not actions. */
    private static final Set<Operation> LIFECYCLE = EnumSet.of(
            Operation.CREATE,
            Operation.CREATE_KEY_PAIR,
            Operation.REGISTER,
            Operation.RE_KEY,
            Operation.RE_KEY_KEY_PAIR,
            Operation.DERIVE_KEY,
            Operation.ACTIVATE,
            Operation.REVOKE,
            Operation.DESTROY,
            Operation.ARCHIVE,
            Operation.RECOVER,
            Operation.IMPORT);

    private static final Set<ObjectType> NOT_SECRET =
            EnumSet.of(ObjectType.PUBLIC_KEY, ObjectType.CERTIFICATE, ObjectType.CERTIFICATE_REQUEST);

    private ActionRecords() {}

    /** A new object (Create, Register, Re-key...): its binding and grants are part of the record. */
    static void created(ObjectType type, String uid, Attributes a, OperationContext ctx) {
        if (!recorded(type, ctx)
                && binding(a).isEmpty()
                && StoredAttributes.grantees(a).isEmpty()) {
            return;
        }
        StringBuilder detail = new StringBuilder(type.specName());
        binding(a).ifPresent(p -> detail.append("; bound to policy '").append(p).append('\''));
        List<String> grants = StoredAttributes.grantees(a);
        if (!grants.isEmpty()) {
            detail.append("; granted to ").append(String.join(", ", grants));
        }
        record(op(ctx), uid, detail.toString(), ctx);
    }

    /** An attribute save: binding and grant changes always, the operation itself for the lifecycle ones. */
    static void changed(KmipObject before, Attributes after, OperationContext ctx) {
        Optional<String> was = binding(before.attributes());
        Optional<String> now = binding(after);
        if (!was.equals(now)) {
            record(
                    now.isPresent() ? "bind" : "unbind",
                    before.uid(),
                    now.map(p -> "policy '" + p + "'"
                                    + was.map(w -> " (was '" + w + "')").orElse(""))
                            .orElseGet(() -> "was policy '" + was.get()
                                    + "'; the key's material is no longer behind the attestation gate"),
                    ctx);
        }
        List<String> oldGrants = StoredAttributes.grantees(before.attributes());
        List<String> newGrants = StoredAttributes.grantees(after);
        List<String> added = minus(newGrants, oldGrants);
        List<String> removed = minus(oldGrants, newGrants);
        if (!added.isEmpty()) {
            record("grant", before.uid(), "to " + String.join(", ", added), ctx);
        }
        if (!removed.isEmpty()) {
            record("ungrant", before.uid(), "from " + String.join(", ", removed), ctx);
        }
        Operation op = ctx.operation() == null ? null : ctx.operation().known().orElse(null);
        if (op != null
                && LIFECYCLE.contains(op)
                && op != Operation.CREATE
                && op != Operation.REGISTER
                && recorded(before.objectType(), ctx)) {
            record(op.specName(), before.uid(), before.objectType().specName(), ctx);
        }
    }

    /**
     * A Get or Export that handed an unbound secret object's material to an administrator: an administrator reading
     * keys is an admin action (a bound object's release is recorded by the gate instead; a tenant reading its own keys
     * is ordinary use and not recorded, but an Export by anyone is).
     */
    public static void materialServed(KmipObject o, OperationContext ctx) {
        if (o.isBound() || NOT_SECRET.contains(o.objectType())) {
            return;
        }
        if (ctx.isAdministrator()) {
            record(op(ctx), o.uid(), o.objectType().specName() + " material to an administrator", ctx);
        } else if (isExport(ctx)) {
            record(op(ctx), o.uid(), o.objectType().specName() + " material with its attributes", ctx);
        }
    }

    /** Export moves an object out of the server with all it is: always an action, whoever asks. */
    private static boolean isExport(OperationContext ctx) {
        return ctx.operation() != null && ctx.operation().known().orElse(null) == Operation.EXPORT;
    }

    /** Secret objects, anything an administrator does, and every certificate the server's CA issues (Certify). */
    private static boolean recorded(ObjectType type, OperationContext ctx) {
        return !NOT_SECRET.contains(type)
                || ctx.isAdministrator()
                || (ctx.operation() != null && ctx.operation().is(Operation.CERTIFY));
    }

    private static Optional<String> binding(Attributes a) {
        return a.text(AttributeNames.X_ATTESTATION_POLICY);
    }

    private static List<String> minus(List<String> a, List<String> b) {
        List<String> out = new ArrayList<>(a);
        out.removeAll(b);
        return out;
    }

    private static String op(OperationContext ctx) {
        return ctx.operation() == null
                ? "unknown"
                : ctx.operation().known().map(Operation::specName).orElse(Objects.toString(ctx.operation()));
    }

    private static void record(String action, String uid, String detail, OperationContext ctx) {
        ctx.batch().audit(new AuditEvent(Accountability.actor(ctx.client()), action, uid, "success", detail));
    }
}
