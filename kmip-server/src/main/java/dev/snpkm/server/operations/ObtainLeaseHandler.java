package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.ObtainLease;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.Leases;
import dev.snpkm.server.operations.attributes.StoredAttributes;

/**
 * Obtain Lease (KMIP 1.4 §4.13, 2.1 §6.1.32): grants the client a lease on a cryptographic object it may Get (same
 * access rules, ID Placeholder when the identifier is omitted) and answers with the object's Lease Time and Last
 * Change Date, from which the client tells whether its cached copy is current. The answer holds no material, so a
 * bound object (x-attestation-policy) gets a lease like any other without the gate being asked: its material still
 * leaves only through an attested Get. A destroyed object can no longer be used, so it gets no lease.
 */
public final class ObtainLeaseHandler implements OperationHandler<ObtainLease.Request> {
    @Override
    public Operation operation() {
        return Operation.OBTAIN_LEASE;
    }

    @Override
    public Class<ObtainLease.Request> requestType() {
        return ObtainLease.Request.class;
    }

    @Override
    public ResponsePayload handle(ObtainLease.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        long lease = grantable(o, ctx);
        long lastChange = StoredAttributes.date(o.attributes(), "Last Change Date")
                .orElse(o.row().updatedAt().getEpochSecond());
        return new ObtainLease.Response(o.uid(), lease, lastChange);
    }

    /**
     * The lease, in seconds, the server grants on the object now; an object that gets none is refused with the reason.
     * Check's Lease Time is judged by it too.
     */
    static long grantable(KmipObject o, OperationContext ctx) {
        if (!Leases.isLeasable(o.objectType())) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "object " + o.uid() + " is a " + o.objectType()
                            + "; leases are granted on cryptographic objects only");
        }
        if (o.state() == State.DESTROYED || o.state() == State.DESTROYED_COMPROMISED) {
            throw ResultReasons.wrongState(
                    ctx.version(), "object " + o.uid() + " is " + o.state() + "; a destroyed object gets no lease");
        }
        // An expired key (past its Deactivation Date) or a compromised one may not be used to protect anything more:
        // a lease would tell the client it may keep using it (1.4 §4.11: the server answers with an error when a
        // new lease shall not be issued).
        if (o.state() == State.DEACTIVATED || o.state() == State.COMPROMISED) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "object " + o.uid() + " is " + o.state()
                            + "; no lease is granted on an expired or compromised key");
        }
        // The lease never exceeds the object's Lease Time nor the server's current one (it may have been lowered);
        // an object stored before leases were tracked has no Lease Time and gets the server's.
        long server = ctx.services().leaseTime().toSeconds();
        return Math.min(
                server,
                o.attributes()
                        .item(Leases.ATTRIBUTE, Ttlv.Interval.class)
                        .map(Ttlv.Interval::seconds)
                        .orElse(server));
    }
}
