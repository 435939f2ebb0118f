package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.name;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.RecommendedCurve;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.KeyFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.List;
import javax.crypto.Cipher;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Handler behaviour through the real engine: formats, key pairs, re-key, AES wrapping, attributes, Locate. */
class OperationHandlersTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static byte[] raw(ManagedObject o) {
        var block =
                o instanceof ManagedObject.PrivateKey p ? p.keyBlock() : ((ManagedObject.SymmetricKey) o).keyBlock();
        return ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                .bytes()
                .toByteArray();
    }

    @Test
    void createKeyPairLinksTheKeysAndGetConvertsRsaFormats() throws Exception {
        try (var s = server.session(server.owner)) {
            var pair = s.call(
                            V,
                            Operation.CREATE_KEY_PAIR,
                            CreateKeyPair.Request.of(
                                    Attributes.of(
                                            AttributeFactory.enumeration(
                                                    "Cryptographic Algorithm", CryptographicAlgorithm.RSA.value()),
                                            AttributeFactory.integer("Cryptographic Length", 2048)),
                                    null,
                                    null))
                    .payload(CreateKeyPair.Response.class)
                    .orElseThrow();
            var links = s.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(
                                    UniqueIdentifier.of(pair.privateKeyUniqueIdentifier()), List.of("Link")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();
            assertThat(links.value("Link", Link.class).orElseThrow())
                    .isEqualTo(Link.of(LinkType.PUBLIC_KEY_LINK, pair.publicKeyUniqueIdentifier()));
            var pkcs8 = s.call(
                            V,
                            Operation.GET,
                            new Get.Request(
                                    UniqueIdentifier.of(pair.privateKeyUniqueIdentifier()),
                                    EnumCode.of(KeyFormatType.PKCS_8),
                                    null,
                                    null,
                                    null))
                    .payload(Get.Response.class)
                    .orElseThrow();
            assertThat(KeyFactory.getInstance("RSA")
                            .generatePrivate(new PKCS8EncodedKeySpec(raw(pkcs8.object())))
                            .getAlgorithm())
                    .isEqualTo("RSA");
            var pkcs1 = s.call(
                            V,
                            Operation.GET,
                            new Get.Request(
                                    UniqueIdentifier.of(pair.privateKeyUniqueIdentifier()),
                                    EnumCode.of(KeyFormatType.PKCS_1),
                                    null,
                                    null,
                                    null))
                    .payload(Get.Response.class)
                    .orElseThrow();
            assertThat(raw(pkcs1.object())).isNotEqualTo(raw(pkcs8.object()));
            var wrongFormat = s.call(
                    V,
                    Operation.GET,
                    new Get.Request(
                            UniqueIdentifier.of(pair.privateKeyUniqueIdentifier()),
                            EnumCode.of(KeyFormatType.RAW),
                            null,
                            null,
                            null));
            assertThat(wrongFormat.resultReason()).isEqualTo(EnumCode.of(ResultReason.KEY_FORMAT_TYPE_NOT_SUPPORTED));
        }
    }

    @Test
    void getWrapsWithAnActiveAesKeyUsingRfc3394AndRefusesAKeyWithoutWrapUsage() throws Exception {
        byte[] kek = new byte[32];
        byte[] dek = new byte[16];
        for (int i = 0; i < 16; i++) {
            dek[i] = (byte) (0x40 + i);
        }
        try (var s = server.session(server.owner)) {
            String kekUid = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(
                                    kek,
                                    usage(CryptographicUsageMask.WRAP_KEY),
                                    activeSince(Instant.now().minusSeconds(5))))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String noUsage = s.call(
                            V,
                            Operation.REGISTER,
                            Requests.symmetricKey(kek, activeSince(Instant.now().minusSeconds(5))))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String dekUid = s.call(V, Operation.REGISTER, Requests.symmetricKey(dek))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var got = s.call(V, Operation.GET, wrapped(dekUid, kekUid))
                    .payload(Get.Response.class)
                    .orElseThrow();
            var block = ((ManagedObject.SymmetricKey) got.object()).keyBlock();
            Cipher c = Cipher.getInstance("AESWrap");
            c.init(Cipher.UNWRAP_MODE, new SecretKeySpec(kek, "AES"));
            byte[] keyValue = c.unwrap(
                            ((KeyValue.Wrapped) block.keyValue()).bytes().toByteArray(), "AES", Cipher.SECRET_KEY)
                    .getEncoded();
            assertThat(new String(java.util.HexFormat.of().formatHex(keyValue)))
                    .contains(java.util.HexFormat.of().formatHex(dek));
            assertThat(s.call(V, Operation.GET, wrapped(dekUid, noUsage)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INCOMPATIBLE_CRYPTOGRAPHIC_USAGE_MASK));
        }
    }

    private static Get.Request wrapped(String uid, String kek) {
        return Requests.getWrappedBy(uid, kek);
    }

    /** Any algorithm but RSA was taken for EC: AES, 256 made a P-256 pair labelled AES. */
    @Test
    void createKeyPairMakesRsaAndEcPairsOnly() {
        try (var s = server.session(server.owner)) {
            long before = server.storedObjects();
            var aes = s.call(V, Operation.CREATE_KEY_PAIR, keyPair(CryptographicAlgorithm.AES, 256));
            assertThat(aes.resultReason()).as(aes.resultMessage()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(aes.resultMessage()).contains("RSA and EC", "not AES");
            assertThat(server.storedObjects()).isEqualTo(before);

            var ecdsa = s.call(V, Operation.CREATE_KEY_PAIR, keyPair(CryptographicAlgorithm.ECDSA, 256));
            assertThat(ecdsa.isSuccess()).as(ecdsa.resultMessage()).isTrue();
        }
    }

    /** A length that is not the Recommended Curve's was taken: Length 256 with P-384 made a P-256 key labelled P-384. */
    @Test
    void createKeyPairRefusesALengthThatIsNotItsCurves() {
        try (var s = server.session(server.owner)) {
            long before = server.storedObjects();
            var request = keyPair(CryptographicAlgorithm.EC, 256);
            var conflicting = s.call(
                    V,
                    Operation.CREATE_KEY_PAIR,
                    CreateKeyPair.Request.of(
                            request.common(),
                            Attributes.of(
                                    AttributeFactory.enumeration("Recommended Curve", RecommendedCurve.P_384.value())),
                            null));
            assertThat(conflicting.resultReason())
                    .as(conflicting.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(server.storedObjects()).isEqualTo(before);
        }
    }

    private static CreateKeyPair.Request keyPair(CryptographicAlgorithm algorithm, int bits) {
        return CreateKeyPair.Request.of(
                Attributes.of(
                        AttributeFactory.enumeration("Cryptographic Algorithm", algorithm.value()),
                        AttributeFactory.integer("Cryptographic Length", bits)),
                null,
                null);
    }

    @Test
    void reKeyMakesALinkedReplacementThatTakesTheName() {
        String label = "rekey-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String old = s.call(V, Operation.CREATE, Requests.aes(256, name(label)))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            String fresh = s.call(V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(old), null, null, null))
                    .payload(ReKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(fresh).isNotEqualTo(old);
            var oldLinks = s.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(old), List.of("Link")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();
            assertThat(oldLinks.value("Link", Link.class)).contains(Link.of(LinkType.REPLACEMENT_OBJECT_LINK, fresh));
            var byName = s.call(V, Operation.LOCATE, Locate.Request.of(Attributes.of(name(label))))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            assertThat(byName.uniqueIdentifiers()).containsExactly(fresh);
        }
    }

    @Test
    void readOnlyAttributesAreRefusedAndCustomAttributesAreStoredVerbatimAndLocatable() {
        String tag = "team-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.CREATE, Requests.aes(128))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            var readOnly = s.call(
                    V,
                    Operation.MODIFY_ATTRIBUTE,
                    new ModifyAttribute.Request(
                            UniqueIdentifier.of(uid), null, AttributeFactory.integer("Cryptographic Length", 256)));
            assertThat(readOnly.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
            var v14 = s.call(
                    KmipVersion.V1_4,
                    Operation.ADD_ATTRIBUTE,
                    new AddAttribute.Request(UniqueIdentifier.of(uid), AttributeFactory.enumeration("State", 2)));
            assertThat(v14.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(s.call(
                                    KmipVersion.V1_4,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(
                                            UniqueIdentifier.of(uid), AttributeFactory.text("x-owner-team", tag)))
                            .isSuccess())
                    .isTrue();
            var found = s.call(
                            V,
                            Operation.LOCATE,
                            Locate.Request.of(Attributes.of(AttributeFactory.text("x-owner-team", tag))))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            assertThat(found.uniqueIdentifiers()).containsExactly(uid);
            var algorithmAndLength = s.call(
                            V,
                            Operation.LOCATE,
                            new Locate.Request(
                                    1,
                                    0,
                                    null,
                                    null,
                                    Attributes.of(
                                            AttributeFactory.enumeration(
                                                    "Cryptographic Algorithm", CryptographicAlgorithm.AES.value()),
                                            AttributeFactory.integer("Cryptographic Length", 128))))
                    .payload(Locate.Response.class)
                    .orElseThrow();
            assertThat(algorithmAndLength.uniqueIdentifiers()).hasSize(1);
            assertThat(algorithmAndLength.locatedItems()).isGreaterThanOrEqualTo(1);
        }
    }
}
