package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Certify;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.access.ServiceKeys;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.CertificateAttributes;
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.operations.attributes.UniqueNames;
import dev.snpkm.server.operations.material.ObjectMaterials;
import dev.snpkm.server.operations.material.StoredMaterial;
import dev.snpkm.server.store.StoredObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.operator.jcajce.JcaContentVerifierProviderBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.jspecify.annotations.Nullable;

/**
 * Certify (KMIP 1.4 §4.7, 2.1 §6.1.7), offered only when the operator configured an issuing CA
 * ({@link CertificateIssuer}). The key certified is a PKCS#10 request's (DER, or PEM; its signature must verify),
 * named by the request's subject, or a stored Public Key's (the client's own, Pre-Active or Active, not bound to an
 * attestation policy), named CN=its first Name (else its Unique Identifier). The new certificate is stored as a
 * Certificate object with the attributes the template gives plus those Register derives from a certificate, linked
 * to the Public Key both ways, and its issue is always audited. CRMF requests are Feature Not Supported.
 */
public final class CertifyHandler implements OperationHandler<Certify.Request> {
    /** No certificate request a client has reason to send is larger. */
    static final int MAX_REQUEST_BYTES = 64 * 1024;

    /** Bouncy Castle's own provider verifies the request: it takes any SubjectPublicKeyInfo the request carries. */
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private final CertificateIssuer issuer;

    public CertifyHandler(CertificateIssuer issuer) {
        this.issuer = Objects.requireNonNull(issuer, "issuer");
    }

    @Override
    public Operation operation() {
        return Operation.CERTIFY;
    }

    @Override
    public Class<Certify.Request> requestType() {
        return Certify.Request.class;
    }

    @Override
    public ResponsePayload handle(Certify.Request request, OperationContext ctx) {
        Attributes requested = Templates.apply(request.attributes(), ctx);
        AttributeRules.checkRegisterTemplate(requested, ctx);
        UniqueNames.checkTemplate(requested, ctx);
        ProtectionStorage.check(request.protectionStorageMasks());
        KmipObject publicKey = null;
        SubjectPublicKeyInfo key;
        X500Name subject;
        if (request.certificateRequest() != null) {
            PKCS10CertificationRequest csr = csr(request, ctx);
            key = csr.getSubjectPublicKeyInfo();
            subject = csr.getSubject();
            if (request.uniqueIdentifier() != null) {
                publicKey = publicKey(request.uniqueIdentifier(), ctx);
                if (!Arrays.equals(encoded(key), spki(publicKey, ctx))) {
                    throw new KmipOperationException(
                            ResultReason.INVALID_FIELD,
                            "the Certificate Request's key is not the key of Public Key " + publicKey.uid());
                }
            }
        } else {
            publicKey = publicKey(request.uniqueIdentifier(), ctx);
            key = SubjectPublicKeyInfo.getInstance(spki(publicKey, ctx));
            subject = new X500NameBuilder(BCStyle.INSTANCE)
                    .addRDN(BCStyle.CN, subjectName(publicKey))
                    .build();
        }
        byte[] der = issuer.issue(
                key, subject, ctx.services().clock().instant(), ctx.services().random());
        ManagedObject.Certificate certificate =
                new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.of(der));
        Attributes attributes = CertificateAttributes.add(certificate, requested, ctx);
        if (publicKey != null) {
            attributes = attributes.with(
                    Attribute.of(AttributeNames.LINK, Link.of(LinkType.PUBLIC_KEY_LINK, publicKey.uid())));
        }
        StoredMaterial material = ObjectMaterials.fromRegistered(certificate);
        StoredObject stored = CreateHandler.storeAndWipe(ObjectType.CERTIFICATE, attributes, material, false, ctx);
        if (publicKey != null) {
            ObjectAccess.saveAttributes(
                    publicKey,
                    publicKey
                            .attributes()
                            .with(Attribute.of(AttributeNames.LINK, Link.of(LinkType.CERTIFICATE_LINK, stored.uid()))),
                    ctx);
        }
        ctx.batch().produced(UniqueIdentifierReference.CERTIFY, stored.uid());
        return new Certify.Response(stored.uid());
    }

    /** The stored Public Key to certify, checked: owned, on-line, unbound, Pre-Active or Active, with material. */
    private static KmipObject publicKey(@Nullable UniqueIdentifier uid, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(uid, ctx);
        if (o.isBound()) {
            throw BoundRefusal.refuseBound(
                    o, Operation.CERTIFY, "a bound key is used by no operation but the attested Get", ctx);
        }
        if (o.objectType() != ObjectType.PUBLIC_KEY) {
            throw ResultReasons.wrongObjectType(
                    ctx.version(),
                    "Certify takes a Public Key, object " + o.uid() + " is a "
                            + o.objectType().specName());
        }
        if (o.state() == State.DESTROYED
                || o.state() == State.DESTROYED_COMPROMISED
                || !o.row().hasMaterial()) {
            throw ResultReasons.destroyed(ctx.version(), "object " + o.uid() + " was destroyed; its material is gone");
        }
        if (o.state() != State.PRE_ACTIVE && o.state() != State.ACTIVE) {
            throw ResultReasons.wrongState(
                    ctx.version(),
                    "object " + o.uid() + " is " + o.state().specName()
                            + "; only a Pre-Active or Active key is certified");
        }
        return o;
    }

    private static byte[] encoded(SubjectPublicKeyInfo key) {
        try {
            return key.getEncoded();
        } catch (IOException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "the Certificate Request's key cannot be encoded");
        }
    }

    private static byte[] spki(KmipObject publicKey, OperationContext ctx) {
        try (StoredMaterial m = ServiceKeys.material(publicKey, ctx)) {
            return m.bytes().clone();
        }
    }

    private static String subjectName(KmipObject publicKey) {
        return publicKey
                .attributes()
                .value(AttributeNames.NAME, Name.class)
                .map(Name::value)
                .orElse(publicKey.uid());
    }

    private static PKCS10CertificationRequest csr(Certify.Request request, OperationContext ctx) {
        Integer type = request.certificateRequestType();
        byte[] bytes = Objects.requireNonNull(request.certificateRequest()).toByteArray();
        if (type == null) {
            throw new KmipOperationException(
                    ResultReason.MISSING_DATA, "a Certificate Request needs its Certificate Request Type");
        }
        if (type != Certify.PKCS10 && type != Certify.PEM) {
            throw new KmipOperationException(
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "Certificate Request Type " + type + " is not supported; send a PKCS#10 request (DER or PEM)");
        }
        if (bytes.length > MAX_REQUEST_BYTES) {
            throw invalid("the Certificate Request is longer than " + MAX_REQUEST_BYTES + " bytes", ctx);
        }
        try {
            PKCS10CertificationRequest csr =
                    type == Certify.PEM ? fromPem(bytes) : new PKCS10CertificationRequest(bytes);
            if (csr == null
                    || !csr.isSignatureValid(new JcaContentVerifierProviderBuilder()
                            .setProvider(BC)
                            .build(csr.getSubjectPublicKeyInfo()))) {
                throw invalid("the Certificate Request's signature does not verify", ctx);
            }
            return csr;
        } catch (IOException
                | RuntimeException
                | org.bouncycastle.operator.OperatorCreationException
                | org.bouncycastle.pkcs.PKCSException e) {
            if (e instanceof KmipOperationException k) {
                throw k;
            }
            throw invalid("the Certificate Request is not a PKCS#10 request", ctx);
        }
    }

    private static @Nullable PKCS10CertificationRequest fromPem(byte[] pem) throws IOException {
        try (PEMParser p = new PEMParser(new StringReader(new String(pem, StandardCharsets.US_ASCII)))) {
            return p.readObject() instanceof PKCS10CertificationRequest r ? r : null;
        }
    }

    /** A malformed request: 2.x Invalid CSR, 1.x (which has no such reason) Invalid Field. */
    private static KmipOperationException invalid(String message, OperationContext ctx) {
        return new KmipOperationException(
                ctx.version().isTwoOrLater() ? ResultReason.INVALID_CSR : ResultReason.INVALID_FIELD, message);
    }
}
