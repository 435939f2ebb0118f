package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.ObtainLease;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The deviations from the KMIP specification listed in issue #17, each fixed and checked through the real engine:
 * certificate-derived attributes after Register, the 1.0 Digest, Obtain Lease on an expired key, and the client-set
 * Key Value Location and Random Number Generator.
 */
class DeviationFixesTest {
    private static final KmipRegistry R = KmipRegistry.get();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static Attributes attributes(EngineFixture.Session s, KmipVersion v, String uid, String... names) {
        return s.call(v, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(names)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static String register(EngineFixture.Session s, Register.Request request) {
        return s.call(KmipVersion.V2_1, Operation.REGISTER, request)
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static byte[] field(Attributes a, String attribute, String field) {
        return ((Ttlv.ByteString) ((Ttlv.Structure)
                                a.first(attribute).orElseThrow().item().orElseThrow())
                        .child(R.tagValue(field))
                        .orElseThrow())
                .value();
    }

    @Test
    void aRegisteredCertificateCarriesItsIdentifierSubjectIssuerAndSignatureAlgorithm() throws Exception {
        X509Certificate cert = server.owner.certificate();
        try (var s = server.session(server.owner)) {
            String uid = register(
                    s,
                    Register.Request.of(
                            new ManagedObject.Certificate(
                                    EnumCode.of(CertificateType.X_509), Bytes.of(cert.getEncoded())),
                            Attributes.EMPTY));

            Attributes v21 = attributes(s, KmipVersion.V2_1, uid);
            assertThat(field(v21, "X.509 Certificate Identifier", "Certificate Serial Number"))
                    .isEqualTo(cert.getSerialNumber().toByteArray());
            assertThat(field(v21, "X.509 Certificate Identifier", "Issuer Distinguished Name"))
                    .isEqualTo(cert.getIssuerX500Principal().getEncoded());
            assertThat(field(v21, "X.509 Certificate Subject", "Subject Distinguished Name"))
                    .isEqualTo(cert.getSubjectX500Principal().getEncoded());
            assertThat(field(v21, "X.509 Certificate Issuer", "Issuer Distinguished Name"))
                    .isEqualTo(cert.getIssuerX500Principal().getEncoded());
            assertThat(v21.first("Digital Signature Algorithm")).isPresent();
            assertThat(v21.item("Certificate Issuer CN", Ttlv.TextString.class)
                            .orElseThrow()
                            .value())
                    .isNotBlank();

            Attributes v10 = attributes(s, KmipVersion.V1_0, uid);
            assertThat(v10.first("Certificate Identifier")).isPresent();
            assertThat(v10.first("Certificate Subject")).isPresent();
            assertThat(v10.first("Certificate Issuer CN")).as("a 2.0 attribute").isEmpty();

            var modify = s.call(
                    KmipVersion.V2_1,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(
                            UniqueIdentifier.of(uid), null, AttributeFactory.text("Certificate Issuer CN", "forged")));
            assertThat(modify.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
        }
    }

    @Test
    void theDigestUnderProtocol10HasNoKeyFormatType() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(128))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();

            Ttlv v10 = attributes(s, KmipVersion.V1_0, uid, "Digest")
                    .first("Digest")
                    .orElseThrow()
                    .value()
                    .toTtlv(Tag.ATTRIBUTE_VALUE);
            Ttlv v11 = attributes(s, KmipVersion.V1_1, uid, "Digest")
                    .first("Digest")
                    .orElseThrow()
                    .value()
                    .toTtlv(Tag.ATTRIBUTE_VALUE);

            assertThat(((Ttlv.Structure) v10).child(Tag.KEY_FORMAT_TYPE)).isEmpty();
            assertThat(((Ttlv.Structure) v10).child(R.tagValue("Digest Value"))).isPresent();
            assertThat(((Ttlv.Structure) v11).child(Tag.KEY_FORMAT_TYPE)).isPresent();
        }
    }

    @Test
    void aPageReachingPastTheLargestIntegerIsTheRestOfTheList() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(128, Requests.name("paged-overflow")))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var located = s.call(
                    KmipVersion.V2_1,
                    Operation.LOCATE,
                    new Locate.Request(
                            Integer.MAX_VALUE, 0, null, null, Attributes.of(Requests.name("paged-overflow"))));
            assertThat(located.isSuccess()).as(located.resultMessage()).isTrue();
            assertThat(located.payload(Locate.Response.class).orElseThrow().uniqueIdentifiers())
                    .containsExactly(uid);
            var past = s.call(
                    KmipVersion.V2_1,
                    Operation.LOCATE,
                    new Locate.Request(
                            Integer.MAX_VALUE, 1, null, null, Attributes.of(Requests.name("paged-overflow"))));
            // Offset 1 + Maximum Items 2^31-1 overflowed an int: General Failure instead of an empty page.
            assertThat(past.isSuccess()).as(past.resultMessage()).isTrue();
            assertThat(past.payload(Locate.Response.class).orElseThrow().uniqueIdentifiers())
                    .isEmpty();
        }
    }

    @Test
    void modifyAttributeRefusesACurrentAttributeOfAnotherName() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            KmipVersion.V2_1,
                            Operation.CREATE,
                            Requests.aes(
                                    128,
                                    Requests.name("modify-two-names"),
                                    AttributeFactory.text("Object Group", "g1")))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var modify = s.call(
                    KmipVersion.V2_1,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(
                            UniqueIdentifier.of(uid),
                            Requests.name("modify-two-names"),
                            AttributeFactory.text("Object Group", "g2")));
            assertThat(modify.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(modify.resultMessage()).contains("Current Attribute is 'Name' but New Attribute is");
            assertThat(attributes(s, KmipVersion.V2_1, uid, "Object Group").all("Object Group"))
                    .singleElement()
                    .satisfies(g -> assertThat(g.value())
                            .hasToString(AttributeFactory.text("Object Group", "g1")
                                    .value()
                                    .toString()));
        }
    }

    @Test
    void obtainLeaseRefusesAnExpiredKey() {
        long now = Instant.now().getEpochSecond();
        try (var s = server.session(server.owner)) {
            String expired = s.call(
                            KmipVersion.V2_1,
                            Operation.CREATE,
                            Requests.aes(
                                    128,
                                    Requests.activeSince(Instant.ofEpochSecond(now - 100)),
                                    AttributeFactory.date("Deactivation Date", now - 10)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();

            var v21 = s.call(
                    KmipVersion.V2_1, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(expired)));
            var v14 = s.call(
                    KmipVersion.V1_4, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(expired)));

            assertThat(v21.resultReason()).isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));
            assertThat(v21.resultMessage()).contains("expired");
            assertThat(v14.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void keyValueLocationIsTheClientsToSetAndChange() {
        try (var s = server.session(server.owner)) {
            String uid = s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(128, keyValueLocation("vault-a")))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var set = s.call(
                    KmipVersion.V2_1,
                    Operation.SET_ATTRIBUTE,
                    new SetAttribute.Request(UniqueIdentifier.of(uid), keyValueLocation("vault-b")));

            assertThat(set.isSuccess()).isTrue();
            var location = (Ttlv.Structure) attributes(s, KmipVersion.V2_1, uid, "Key Value Location")
                    .first("Key Value Location")
                    .orElseThrow()
                    .item()
                    .orElseThrow();
            assertThat(((Ttlv.TextString) location.children().get(0)).value()).isEqualTo("vault-b");
        }
    }

    @Test
    void aRegisteredKeyKeepsTheClientsRandomNumberGeneratorWhichStaysFixed() {
        var rng = dev.snpkm.kmip.attribute.Attribute.of(
                "Random Number Generator",
                Ttlv.structure(
                        Tag.ATTRIBUTE_VALUE,
                        List.of(Ttlv.enumeration(
                                R.tagValue("RNG Algorithm"),
                                R.valueByName("RNG Algorithm", "ANSI X9.31", null)
                                        .orElseThrow()
                                        .value()))));
        try (var s = server.session(server.owner)) {
            String uid = register(s, Requests.symmetricKey(new byte[16], rng));

            var stored = (Ttlv.Structure) attributes(s, KmipVersion.V2_1, uid, "Random Number Generator")
                    .first("Random Number Generator")
                    .orElseThrow()
                    .item()
                    .orElseThrow();
            assertThat(((Ttlv.Enumeration) stored.children().get(0)).value())
                    .isEqualTo(R.valueByName("RNG Algorithm", "ANSI X9.31", null)
                            .orElseThrow()
                            .value());
            var change = s.call(
                    KmipVersion.V2_1, Operation.SET_ATTRIBUTE, new SetAttribute.Request(UniqueIdentifier.of(uid), rng));
            assertThat(change.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
        }
    }

    private static dev.snpkm.kmip.attribute.Attribute keyValueLocation(String where) {
        return dev.snpkm.kmip.attribute.Attribute.of(
                "Key Value Location",
                Ttlv.structure(
                        Tag.ATTRIBUTE_VALUE,
                        List.of(
                                Ttlv.text(R.tagValue("Key Value Location Value"), where),
                                Ttlv.enumeration(
                                        R.tagValue("Key Value Location Type"),
                                        R.valueByName("Key Value Location Type", "URI", null)
                                                .orElseThrow()
                                                .value()))));
    }
}
