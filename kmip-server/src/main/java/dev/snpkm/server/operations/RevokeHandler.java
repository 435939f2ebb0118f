package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.server.lifecycle.KeyLifecycle;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.StoredAttributes;

/**
 * Revoke (KMIP 1.4 §4.20): Key Compromise or CA Compromise → Compromised (Destroyed → Destroyed Compromised) with
 * Compromise Date now and Compromise Occurrence Date as given (else now); any other reason → Deactivated with
 * Deactivation Date now, which only an Active object can undergo. The Revocation Reason is recorded.
 */
public final class RevokeHandler implements OperationHandler<Revoke.Request> {
    @Override
    public Operation operation() {
        return Operation.REVOKE;
    }

    @Override
    public Class<Revoke.Request> requestType() {
        return Revoke.Request.class;
    }

    @Override
    public ResponsePayload handle(Revoke.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        boolean compromise = request.revocationReason().code().is(RevocationReasonCode.KEY_COMPROMISE)
                || request.revocationReason().code().is(RevocationReasonCode.CA_COMPROMISE);
        State target = KeyLifecycle.afterRevoke(o.state(), compromise);
        if (!KeyLifecycle.mayTransition(o.state(), target)) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "object " + o.uid() + " is " + o.state() + "; it cannot be revoked with reason "
                            + request.revocationReason().code());
        }
        long now = ctx.now();
        Attributes a = StoredAttributes.replace(
                o.attributes(), new Attribute(AttributeNames.REVOCATION_REASON, null, request.revocationReason()));
        if (compromise) {
            a = StoredAttributes.replace(a, AttributeFactory.date("Compromise Date", now));
            a = StoredAttributes.replace(
                    a,
                    AttributeFactory.date(
                            "Compromise Occurrence Date",
                            request.compromiseOccurrenceDate() != null ? request.compromiseOccurrenceDate() : now));
        } else {
            a = StoredAttributes.replace(a, AttributeFactory.date(AttributeNames.DEACTIVATION_DATE, now));
        }
        ObjectAccess.saveState(o, target, a, ctx);
        return new Revoke.Response(o.uid());
    }
}
