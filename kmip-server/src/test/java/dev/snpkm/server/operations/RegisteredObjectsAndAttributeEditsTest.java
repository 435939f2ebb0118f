package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SecretDataType;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Register then Get of Opaque Object, Secret Data and Certificate (the same bytes come back; the certificate's
 * server-set attributes describe it), and Set Attribute / Delete Attribute successes, through the engine over TLS.
 */
class RegisteredObjectsAndAttributeEditsTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void anOpaqueObjectComesBackByteForByte() {
        byte[] data = "opaque \u0000\u00ff payload".getBytes(StandardCharsets.ISO_8859_1);
        try (var s = server.session(server.owner)) {
            String uid = register(s, new ManagedObject.OpaqueObject(0x80000001, Secret.of(data.clone())));
            var back = (ManagedObject.OpaqueObject) get(s, uid);
            assertThat(back.opaqueDataType()).isEqualTo(0x80000001);
            assertThat(back.value().toByteArray()).isEqualTo(data);
        }
    }

    @Test
    void secretDataComesBackWithItsTypeAndBytes() {
        byte[] password = "correct horse battery staple".getBytes(StandardCharsets.US_ASCII);
        var block = new KeyBlock(
                EnumCode.of(KeyFormatType.OPAQUE),
                null,
                KeyValue.Plain.of(new KeyMaterial.Raw(Secret.of(password.clone()))),
                null,
                null,
                null);
        try (var s = server.session(server.owner)) {
            String uid = register(s, new ManagedObject.SecretData(EnumCode.of(SecretDataType.PASSWORD), block));
            var back = (ManagedObject.SecretData) get(s, uid);
            assertThat(back.secretDataType()).isEqualTo(EnumCode.of(SecretDataType.PASSWORD));
            var material = (KeyMaterial.Raw) ((KeyValue.Plain) back.keyBlock().keyValue()).material();
            assertThat(material.bytes().toByteArray()).isEqualTo(password);
        }
    }

    @Test
    void aCertificateComesBackByteForByteAndItsAttributesDescribeIt() throws Exception {
        byte[] der = server.owner.certificate().getEncoded();
        try (var s = server.session(server.owner)) {
            String uid = register(s, new ManagedObject.Certificate(EnumCode.of(CertificateType.X_509), Bytes.of(der)));
            var back = (ManagedObject.Certificate) get(s, uid);
            assertThat(back.value().toByteArray()).isEqualTo(der);

            Attributes a = attributes(s, uid, "Certificate Type", "Certificate Length", "Certificate Subject CN");
            assertThat(a.item("Certificate Type", Ttlv.Enumeration.class)
                            .orElseThrow()
                            .value())
                    .isEqualTo(CertificateType.X_509.value());
            assertThat(a.item("Certificate Length", Ttlv.IntegerItem.class)
                            .orElseThrow()
                            .value())
                    .isEqualTo(der.length);
            String cn = a.item("Certificate Subject CN", Ttlv.TextString.class)
                    .orElseThrow()
                    .value();
            assertThat(cn).isNotBlank();
            assertThat(server.owner.certificate().getSubjectX500Principal().getName())
                    .contains("CN=" + cn);
        }
    }

    @Test
    void setAttributeCreatesThenReplacesASingleInstanceAndRefusesSeveral() {
        String label = "set-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[16]))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(set(s, uid, AttributeFactory.text("Object Group", "first"))
                            .isSuccess())
                    .isTrue();
            assertThat(group(s, uid)).containsExactly("first");
            assertThat(set(s, uid, AttributeFactory.text("Object Group", "second"))
                            .isSuccess())
                    .isTrue();
            assertThat(group(s, uid)).as("replaced, not added").containsExactly("second");

            s.call(V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), name(label)));
            s.call(V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), name(label + "-2")));
            assertThat(set(s, uid, name(label + "-3")).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.MULTI_VALUED_ATTRIBUTE));
        }
    }

    @Test
    void deleteAttributeRemovesTheNamedInstanceAndAnswersWithIt() {
        String label = "delete-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(new byte[16], name(label), name(label + "-keep")))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var response = s.call(
                    V,
                    Operation.DELETE_ATTRIBUTE,
                    new DeleteAttribute.Request(UniqueIdentifier.of(uid), name(label), null, null));
            assertThat(response.isSuccess()).isTrue();
            assertThat(response.payload(DeleteAttribute.Response.class)
                            .orElseThrow()
                            .uniqueIdentifier())
                    .isEqualTo(uid);
            List<String> names = attributes(s, uid, "Name").all("Name").stream()
                    .map(a -> ((dev.snpkm.kmip.attribute.Name) a.value()).value())
                    .toList();
            assertThat(names).containsExactly(label + "-keep");
            assertThat(s.call(
                                    V,
                                    Operation.DELETE_ATTRIBUTE,
                                    new DeleteAttribute.Request(UniqueIdentifier.of(uid), name(label), null, null))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_NOT_FOUND));
        }
    }

    private static String register(EngineFixture.Session s, ManagedObject object) {
        return s.call(V, Operation.REGISTER, Register.Request.of(object, Attributes.EMPTY))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static ManagedObject get(EngineFixture.Session s, String uid) {
        return s.call(V, Operation.GET, Get.Request.of(uid))
                .payload(Get.Response.class)
                .orElseThrow()
                .object();
    }

    private static ResponseBatchItem set(EngineFixture.Session s, String uid, Attribute a) {
        return s.call(V, Operation.SET_ATTRIBUTE, new SetAttribute.Request(UniqueIdentifier.of(uid), a));
    }

    private static Attributes attributes(EngineFixture.Session s, String uid, String... names) {
        return s.call(V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(names)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static List<String> group(EngineFixture.Session s, String uid) {
        return attributes(s, uid, "Object Group").all("Object Group").stream()
                .map(a -> ((Ttlv.TextString) a.item().orElseThrow()).value())
                .toList();
    }
}
