package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Certify;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import java.util.Set;

/**
 * No bypass of the attestation gate (docs/ARCHITECTURE.md "No bypass"): operations that would disclose or use a key's
 * material but that this server does not implement (Certify...) are refused with Permission
 * Denied, naming the binding, when they name a bound object, so that a client learns the key is bound and not merely
 * that the operation is missing. Unbound objects get Operation Not Supported from the dispatcher. The implemented
 * services (Encrypt, Decrypt, Sign, MAC, Derive Key...) refuse bound keys themselves, in {@link ServiceKeys}, and
 * so do Export and Import (their handlers).
 */
public final class BoundMaterialGuard {
    private static final Set<Operation> USES_MATERIAL = Set.of(
            Operation.ENCRYPT,
            Operation.DECRYPT,
            Operation.SIGN,
            Operation.SIGNATURE_VERIFY,
            Operation.MAC,
            Operation.MAC_VERIFY,
            Operation.DERIVE_KEY,
            Operation.CERTIFY,
            Operation.RE_KEY_KEY_PAIR,
            Operation.CREATE_SPLIT_KEY,
            Operation.GET_USAGE_ALLOCATION,
            Operation.ARCHIVE,
            Operation.PKCS_11);

    private BoundMaterialGuard() {}

    public static void refuseIfBound(EnumCode<Operation> op, RequestPayload payload, OperationContext ctx) {
        boolean typedCertify = payload instanceof Certify.Request; // typed, but off without an issuing CA
        if (op.known().map(USES_MATERIAL::contains).orElse(false) && (payload instanceof RawPayload || typedCertify)) {
            String uid = null;
            if (payload instanceof Certify.Request c && c.uniqueIdentifier() != null) {
                uid = ctx.batch().resolve(c.uniqueIdentifier());
            } else if (payload instanceof RawPayload raw) {
                for (Ttlv f : raw.fields()) {
                    if (f.tag() == Tag.UNIQUE_IDENTIFIER && f instanceof Ttlv.TextString t) {
                        uid = t.value();
                    }
                }
            }
            if (uid == null) {
                try {
                    uid = ctx.batch().resolve(null);
                } catch (KmipOperationException none) {
                    return;
                }
            }
            if (ctx.services().store().get(uid).isEmpty()) {
                return; // nothing to protect: the dispatcher answers Operation Not Supported
            }
            // Checked for access first: another client's object is Permission Denied like any other operation on it,
            // never an answer that tells whether it is bound, and to which policy.
            KmipObject o = ObjectAccess.loadUid(uid, ctx);
            if (o.isBound()) {
                throw BoundRefusal.refuse(
                        o,
                        op.known().orElseThrow(),
                        "object " + uid
                                + " is bound to attestation policy '"
                                + o.attestationPolicy().orElse("")
                                + "'; its material is released only by an attested Get",
                        ctx);
            }
        }
    }
}
