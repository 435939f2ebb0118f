package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.binding;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ValidityIndicator;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Certify;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.Validate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestChains;
import java.io.ByteArrayInputStream;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.bouncycastle.pkcs.PKCS10CertificationRequest;
import org.bouncycastle.pkcs.jcajce.JcaPKCS10CertificationRequestBuilder;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Certify (KMIP 2.1 §6.1.7) over mutual TLS: with an issuing CA configured, a stored Public Key or a PKCS#10 request
 * (DER or PEM) gets a certificate the CA signed, stored and linked, that Validate accepts against the CA; bad requests
 * get their reason; without a CA (the default) Certify is Operation Not Supported, says why, and Query leaves it out.
 */
class CertifyTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final TestChains.Issued CA = TestChains.root("CN=snpkm test issuing CA");

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass(
            new CertificateIssuer(CA.certificate(), CA.keys().getPrivate(), Duration.ofDays(30)));

    @RegisterExtension
    static final EngineFixture plain = EngineFixture.forTestClass();

    static KeyPair rsa;

    @BeforeAll
    static void generate() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
    }

    @Test
    void aStoredPublicKeyIsCertifiedLinkedAuditedAndValidatesAgainstTheCa() throws Exception {
        try (var s = server.session(server.owner)) {
            String key = publicKey(s, "disk-signer");
            String cert =
                    certify(s, V, new Certify.Request(UniqueIdentifier.of(key), null, null, Attributes.EMPTY, null));
            X509Certificate x = certificate(s, cert);
            x.verify(CA.certificate().getPublicKey());
            assertThat(x.getSubjectX500Principal().getName()).isEqualTo("CN=disk-signer");
            assertThat(x.getIssuerX500Principal()).isEqualTo(CA.certificate().getSubjectX500Principal());
            assertThat(x.getPublicKey().getEncoded()).isEqualTo(rsa.getPublic().getEncoded());
            assertThat(x.getBasicConstraints()).isEqualTo(-1);
            assertThat(x.getNotAfter()).isBeforeOrEqualTo(CA.certificate().getNotAfter());
            assertThat(links(s, cert)).contains(Link.of(LinkType.PUBLIC_KEY_LINK, key));
            assertThat(links(s, key)).contains(Link.of(LinkType.CERTIFICATE_LINK, cert));
            var valid = s.call(
                    V,
                    Operation.VALIDATE,
                    new Validate.Request(
                            List.of(new ManagedObject.Certificate(
                                    EnumCode.of(CertificateType.X_509), Bytes.of(CA.der()))),
                            List.of(UniqueIdentifier.of(cert)),
                            null));
            assertThat(valid.payload(Validate.Response.class).orElseThrow().validityIndicator())
                    .isEqualTo(EnumCode.of(ValidityIndicator.VALID));
            assertThat(server.audit.about(cert).stream().map(AuditEvent::action))
                    .as("every certificate the CA issues is audited, whoever asked")
                    .containsExactly("Certify");
            assertThat(certify(
                            s,
                            KmipVersion.V1_4,
                            new Certify.Request(UniqueIdentifier.of(key), null, null, Attributes.EMPTY, null)))
                    .isNotEqualTo(cert);
        }
    }

    @Test
    void aPkcs10RequestInDerOrPemIsCertifiedWithItsSubject() throws Exception {
        PKCS10CertificationRequest csr = csr("CN=vm-17,O=tenant");
        StringWriter pem = new StringWriter();
        try (JcaPEMWriter w = new JcaPEMWriter(pem)) {
            w.writeObject(csr);
        }
        try (var s = server.session(server.owner)) {
            for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                String der = certify(
                        s,
                        v,
                        new Certify.Request(
                                null,
                                Certify.PKCS10,
                                Bytes.of(csr.getEncoded()),
                                Attributes.of(Requests.name("vm-17-cert-" + v)),
                                null));
                assertThat(certificate(s, der).getSubjectX500Principal())
                        .isEqualTo(new javax.security.auth.x500.X500Principal(
                                csr.getSubject().getEncoded()));
            }
            String fromPem = certify(
                    s,
                    V,
                    new Certify.Request(
                            null,
                            Certify.PEM,
                            Bytes.of(pem.toString().getBytes(StandardCharsets.US_ASCII)),
                            Attributes.EMPTY,
                            null));
            certificate(s, fromPem).verify(CA.certificate().getPublicKey());
        }
    }

    @Test
    void badRequestsGetTheirReason() throws Exception {
        byte[] csr = csr("CN=tampered").getEncoded();
        byte[] tampered = csr.clone();
        tampered[tampered.length - 5] ^= 1;
        try (var s = server.session(server.owner)) {
            expect(s, V, request(null, Certify.PKCS10, tampered), ResultReason.INVALID_CSR, "signature");
            expect(
                    s,
                    KmipVersion.V1_4,
                    request(null, Certify.PKCS10, tampered),
                    ResultReason.INVALID_FIELD,
                    "signature");
            expect(s, V, request(null, Certify.PKCS10, new byte[7]), ResultReason.INVALID_CSR, "not a PKCS#10");
            expect(s, V, request(null, Certify.CRMF, csr), ResultReason.FEATURE_NOT_SUPPORTED, "PKCS#10");
            expect(s, V, request(null, null, csr), ResultReason.MISSING_DATA, "Certificate Request Type");
            String aes = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            expect(s, V, request(aes, null, null), ResultReason.INVALID_OBJECT_TYPE, "takes a Public Key");
            String key = publicKey(s, "someone-else's");
            KeyPairGenerator ec = KeyPairGenerator.getInstance("EC");
            ec.initialize(256);
            KeyPair another = ec.generateKeyPair();
            byte[] otherKeysCsr = new JcaPKCS10CertificationRequestBuilder(
                            new X500Name("CN=other"), another.getPublic())
                    .build(new JcaContentSignerBuilder("SHA256withECDSA").build(another.getPrivate()))
                    .getEncoded();
            expect(s, V, request(key, Certify.PKCS10, otherKeysCsr), ResultReason.INVALID_FIELD, "is not the key of");
            try (var other = server.session(server.other)) {
                expect(other, V, request(key, null, null), ResultReason.PERMISSION_DENIED, "another client");
            }
            try (var admin = server.session(server.admin)) {
                assertThat(admin.call(
                                        V,
                                        Operation.ADD_ATTRIBUTE,
                                        new AddAttribute.Request(UniqueIdentifier.of(key), binding("vm-disk")))
                                .isSuccess())
                        .isTrue();
            }
            expect(s, V, request(key, null, null), ResultReason.PERMISSION_DENIED, "bound to attestation policy");
            assertThat(server.gate.seen).isEmpty();
        }
    }

    @Test
    void withoutAnIssuingCaCertifyIsOffAndNotListed() {
        try (var s = plain.session(plain.owner)) {
            var r = s.call(V, Operation.CERTIFY, request(null, Certify.PKCS10, new byte[7]));
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.OPERATION_NOT_SUPPORTED));
            assertThat(r.resultMessage())
                    .isEqualTo("Certify is off: this server has no issuing CA configured"
                            + " (KmipServerBuilder.certificateIssuer)");
            assertThat(operations(s))
                    .doesNotContain(EnumCode.of(Operation.CERTIFY))
                    .contains(
                            EnumCode.of(Operation.ARCHIVE),
                            EnumCode.of(Operation.RECOVER),
                            EnumCode.of(Operation.GET_USAGE_ALLOCATION),
                            EnumCode.of(Operation.VALIDATE));
        }
        try (var s = server.session(server.owner)) {
            assertThat(operations(s)).contains(EnumCode.of(Operation.CERTIFY));
        }
    }

    private static List<EnumCode<Operation>> operations(EngineFixture.Session s) {
        return s.call(V, Operation.QUERY, new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OPERATIONS))))
                .payload(Query.Response.class)
                .orElseThrow()
                .operations();
    }

    private static Certify.Request request(@Nullable String uid, @Nullable Integer type, byte @Nullable [] csr) {
        return new Certify.Request(
                uid == null ? null : UniqueIdentifier.of(uid),
                type,
                csr == null ? null : Bytes.of(csr),
                Attributes.EMPTY,
                null);
    }

    private static void expect(
            EngineFixture.Session s, KmipVersion v, Certify.Request r, ResultReason reason, String message) {
        var answer = s.call(v, Operation.CERTIFY, r);
        assertThat(answer.resultReason()).as(answer.resultMessage()).isEqualTo(EnumCode.of(reason));
        assertThat(answer.resultMessage()).contains(message).doesNotContain("\n");
    }

    private static String certify(EngineFixture.Session s, KmipVersion v, Certify.Request r) {
        var answer = s.call(v, Operation.CERTIFY, r);
        assertThat(answer.isSuccess()).as(answer.resultMessage()).isTrue();
        return answer.payload(Certify.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static String publicKey(EngineFixture.Session s, String name) {
        return s.call(
                        V,
                        Operation.REGISTER,
                        Requests.publicKey(
                                rsa.getPublic().getEncoded(), CryptographicAlgorithm.RSA, 2048, Requests.name(name)))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static X509Certificate certificate(EngineFixture.Session s, String uid) throws Exception {
        var c = (ManagedObject.Certificate) s.call(V, Operation.GET, Get.Request.of(uid))
                .payload(Get.Response.class)
                .orElseThrow()
                .object();
        return (X509Certificate) CertificateFactory.getInstance("X.509")
                .generateCertificate(new ByteArrayInputStream(c.value().toByteArray()));
    }

    private static List<Link> links(EngineFixture.Session s, String uid) {
        return s
                .call(V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .all(AttributeNames.LINK)
                .stream()
                .map(Attribute::value)
                .filter(Link.class::isInstance)
                .map(Link.class::cast)
                .toList();
    }

    private static PKCS10CertificationRequest csr(String subject) throws Exception {
        return new JcaPKCS10CertificationRequestBuilder(new X500Name(subject), rsa.getPublic())
                .build(new JcaContentSignerBuilder("SHA256withRSA").build(rsa.getPrivate()));
    }
}
