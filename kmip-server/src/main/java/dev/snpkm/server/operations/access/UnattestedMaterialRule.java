package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.release.ReleaseRequest;
import java.util.EnumSet;
import java.util.Set;

/**
 * Fail closed against the one disclosure an operator mistake could cause: a VM identity (its client key sits in an
 * initramfs on an unencrypted /boot, so a copied disk image holds it) or a grantee never receives the secret material
 * of an object that is not bound to an attestation policy. Bound objects go through the gate as before; an unbound
 * one is refused here, whether the client owns it (a VM that created its own key) or was granted it (an administrator
 * who granted and forgot {@code keys bind}). Administrators and ordinary owners are unaffected. Each refusal is
 * audited and counted like the gate's own denials.
 */
public final class UnattestedMaterialRule {
    /** Objects whose material is public: a VM registers and reads its ephemeral wrapping key. */
    private static final Set<ObjectType> PUBLIC_MATERIAL = EnumSet.of(
            ObjectType.PUBLIC_KEY, ObjectType.CERTIFICATE, ObjectType.CERTIFICATE_REQUEST, ObjectType.TEMPLATE);

    private UnattestedMaterialRule() {}

    /** Throws Permission Denied (and records it) if {@code op} would hand o's secret material to this client. */
    public static void check(KmipObject o, Operation op, OperationContext ctx) {
        if (o.isBound() || PUBLIC_MATERIAL.contains(o.objectType())) {
            return;
        }
        AccessPolicy access = ctx.services().access();
        if (access.isAdministrator(ctx.client())) {
            return;
        }
        String who;
        if (access.isVm(ctx.client())) {
            who = "this client is a VM identity";
        } else if (!access.mayAccess(ctx.client(), o.row().owner())) {
            who = "this client holds only a grant";
        } else {
            return;
        }
        String message = "object " + o.uid() + " is not bound to an attestation policy and " + who
                + ", which receives key material only through the attested Get; an administrator must bind it "
                + "(kmipctl keys bind)";
        ctx.services()
                .gate()
                .recordRefusal(new ReleaseRequest(ctx.client(), op, o.uid(), "", ctx.header(), null), message);
        throw new KmipOperationException(ResultReason.PERMISSION_DENIED, message);
    }
}
