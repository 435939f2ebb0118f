package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.MaterialRelease.Wrapping;
import dev.snpkm.server.operations.access.ActionRecords;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ExportRules;
import dev.snpkm.server.operations.material.KeyWrapper;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.release.ReleaseRequest;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicBoolean;
import org.jspecify.annotations.Nullable;

/**
 * Get (KMIP 1.4 §4.11, key wrapping §2.1.5-2.1.6): the object in the Key Format Type asked for, optionally wrapped per
 * the Key Wrapping Specification. A bound object (x-attestation-policy) is released only on the gate's word, wrapped to
 * an RSA or EC public key the client names (its SPKI goes to the gate, which checks that REPORT_DATA binds it), or
 * unwrapped where the policy allows; a symmetric wrapping key never releases a bound object (docs/ARCHITECTURE.md "No
 * bypass"). Sensitive objects leave only wrapped, non-Extractable ones never ({@link ExportRules}).
 */
public final class GetHandler implements OperationHandler<Get.Request> {
    @Override
    public Operation operation() {
        return Operation.GET;
    }

    @Override
    public Class<Get.Request> requestType() {
        return Get.Request.class;
    }

    @Override
    public ResponsePayload handle(Get.Request request, OperationContext ctx) {
        // One statement reads the row and its sealed material; it is unsealed only after the checks below.
        MaterialRelease.Read read = MaterialRelease.read(request.uniqueIdentifier(), ctx);
        KmipObject o = read.object();
        Wrapping wrapping = MaterialRelease.check(
                o, request.keyCompressionType(), request.keyWrappingSpecification(), Operation.GET, ctx);
        boolean approved = false;
        AtomicBoolean served = new AtomicBoolean();
        try {
            if (o.isBound()) {
                release(
                        o,
                        wrapping,
                        () -> {
                            MaterialRelease.markServed(o, ctx); // in the gate's decision: one commit with its record
                            served.set(true);
                        },
                        ctx);
                approved = true;
            }
            ManagedObject plain = MaterialRelease.plain(read, request.keyFormatType());
            if (!served.get()) {
                try {
                    MaterialRelease.markServed(o, ctx);
                } catch (RuntimeException e) {
                    plain.destroy(); // the store failed: the key never leaves, and its copy goes now
                    throw e;
                }
            }
            Get.Response response;
            if (wrapping == null) {
                response = new Get.Response(EnumCode.of(o.objectType()), o.uid(), plain);
            } else {
                try {
                    response = new Get.Response(
                            EnumCode.of(o.objectType()), o.uid(), MaterialRelease.wrapped(plain, wrapping));
                } finally {
                    plain.destroy();
                }
            }
            ActionRecords.materialServed(o, ctx);
            if (approved) {
                ctx.batch().releaseApproved(why -> BoundRefusal.recordAborted(o, Operation.GET, why, ctx));
            }
            return response;
        } catch (RuntimeException e) {
            if (approved) {
                BoundRefusal.recordAborted(o, Operation.GET, e, ctx);
            }
            throw e;
        } finally {
            if (wrapping != null) {
                Arrays.fill(wrapping.material(), (byte) 0);
            }
        }
    }

    /**
     * Asks the gate and acts on each of its three answers; returns only on Release with the requested form allowed.
     * A challenge is left in the batch state for the response header, and the item fails with Attestation Required.
     */
    private static void release(KmipObject o, @Nullable Wrapping wrapping, Runnable onRelease, OperationContext ctx) {
        String policy = o.attestationPolicy().orElse("");
        if (wrapping != null && wrapping.key().objectType() != ObjectType.PUBLIC_KEY) {
            throw BoundRefusal.refuse(
                    o,
                    Operation.GET,
                    "object " + o.uid() + " is bound to attestation policy '" + policy
                            + "'; it is released only wrapped to a public key that the attestation report binds",
                    ctx);
        }
        if (wrapping != null) {
            // fail before the gate spends the nonce
            KeyWrapper.check(wrapping.spec(), wrapping.key(), wrapping.material());
        }
        ReleaseDecision d = ctx.services()
                .gate()
                .decide(new ReleaseRequest(
                        ctx.client(),
                        Operation.GET,
                        o.uid(),
                        policy,
                        ctx.header(),
                        wrapping == null ? null : wrapping.material(),
                        onRelease));
        // Java 17 has no pattern switch: one branch per permitted subtype of the sealed ReleaseDecision.
        if (d instanceof ReleaseDecision.Release r) {
            if (wrapping == null && !r.unwrappedAllowed()) {
                throw BoundRefusal.refuse(
                        o,
                        Operation.GET,
                        "attestation policy '" + policy + "' releases object " + o.uid()
                                + " only wrapped to the key the report binds",
                        ctx);
            }
        } else if (d instanceof ReleaseDecision.ChallengeRequired c) {
            ctx.batch().challenged(c);
            throw new KmipOperationException(
                    ResultReason.ATTESTATION_REQUIRED,
                    "object " + o.uid()
                            + " is bound to attestation policy '" + policy
                            + "': send an Attestation credential answering the nonce in this header");
        } else {
            ReleaseDecision.Denied denied = (ReleaseDecision.Denied) d;
            throw new KmipOperationException(denied.reason(), denied.message());
        }
    }

    static StoredMaterial material(KmipObject o, OperationContext ctx) {
        return StoredMaterial.decode(ctx.services().store().material(o.uid()));
    }
}
