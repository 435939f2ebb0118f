package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.Validate;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.CertificateChainValidation;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.material.StoredMaterial;
import java.io.ByteArrayInputStream;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Validate (KMIP 1.4 §4.24, 2.1 §6.1.52): the certificates given by value and those named by Unique Identifier (the
 * client's own, or any for an administrator) make one chain, judged by {@link CertificateChainValidation} at the
 * Validity Date (default now) against the chain's own root, without revocation checking. Only X.509 certificates;
 * at most {@link #MAX_CERTIFICATES}. A named object must be a Certificate that still has its material.
 */
public final class ValidateHandler implements OperationHandler<Validate.Request> {
    /** A chain longer than this is no PKI this appliance serves; the bound keeps the pairwise chaining cheap. */
    static final int MAX_CERTIFICATES = 16;

    @Override
    public Operation operation() {
        return Operation.VALIDATE;
    }

    @Override
    public Class<Validate.Request> requestType() {
        return Validate.Request.class;
    }

    @Override
    public ResponsePayload handle(Validate.Request request, OperationContext ctx) {
        int count = request.certificates().size() + request.uniqueIdentifiers().size();
        if (count == 0) {
            throw new KmipOperationException(
                    ResultReason.MISSING_DATA, "Validate needs at least one Certificate or Unique Identifier");
        }
        if (count > MAX_CERTIFICATES) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD,
                    "Validate takes at most " + MAX_CERTIFICATES + " certificates, got " + count);
        }
        List<X509Certificate> chain = new ArrayList<>();
        for (int i = 0; i < request.certificates().size(); i++) {
            var c = request.certificates().get(i);
            chain.add(parse(c.certificateType(), c.value().toByteArray(), "Certificate " + (i + 1)));
        }
        for (UniqueIdentifier uid : request.uniqueIdentifiers()) {
            chain.add(stored(uid, ctx));
        }
        Instant at = request.validityDate() == null
                ? ctx.services().clock().instant()
                : Instant.ofEpochSecond(request.validityDate());
        return Validate.Response.of(CertificateChainValidation.judge(chain, at));
    }

    private static X509Certificate stored(UniqueIdentifier uid, OperationContext ctx) {
        KmipObject o = ObjectAccess.loadUid(ctx.batch().resolve(uid), ctx);
        if (o.isBound()) {
            throw BoundRefusal.refuseBound(
                    o, Operation.VALIDATE, "a bound object is used by no operation but the attested Get", ctx);
        }
        if (o.objectType() != ObjectType.CERTIFICATE) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Validate takes Certificates, object " + o.uid() + " is a "
                            + o.objectType().specName());
        }
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "certificate " + o.uid() + " was destroyed");
        }
        try (StoredMaterial m = ServiceKeys.material(o, ctx)) {
            return parse(EnumCode.of(CertificateType.class, m.subtype()), m.bytes(), "certificate " + o.uid());
        }
    }

    private static X509Certificate parse(EnumCode<CertificateType> type, byte[] der, String what) {
        if (!type.is(CertificateType.X_509)) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    what + " is of Certificate Type " + type + "; only X.509 certificates can be validated");
        }
        try {
            return (X509Certificate)
                    CertificateFactory.getInstance("X.509").generateCertificate(new ByteArrayInputStream(der));
        } catch (CertificateException | ClassCastException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, what + " is not a DER-encoded X.509 certificate");
        }
    }
}
