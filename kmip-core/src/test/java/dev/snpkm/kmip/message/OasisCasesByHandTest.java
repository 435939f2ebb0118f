package dev.snpkm.kmip.message;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.ApplicationSpecificInformation;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OASIS test cases built as trees by hand ($NOW and $UNIQUE_IDENTIFIER_0 replaced), mapped to the expected model. */
class OasisCasesByHandTest {
    static final byte[] KEY_128 = HexFormat.of().parseHex("0123456789abcdef0123456789abcdef");

    static Ttlv version(int major, int minor) {
        return Ttlv.structure(
                Tag.PROTOCOL_VERSION,
                Ttlv.integer(Tag.PROTOCOL_VERSION_MAJOR, major),
                Ttlv.integer(Tag.PROTOCOL_VERSION_MINOR, minor));
    }

    static Ttlv v1Attribute(String name, Ttlv value) {
        return Ttlv.structure(Tag.ATTRIBUTE, Ttlv.text(Tag.ATTRIBUTE_NAME, name), value);
    }

    /** BL-M-1-21, second request: Register a symmetric key with 2.x Attributes. */
    @Test
    void blM1Register() throws Exception {
        Ttlv tree = Ttlv.structure(
                Tag.REQUEST_MESSAGE,
                Ttlv.structure(Tag.REQUEST_HEADER, version(2, 1), Ttlv.integer(Tag.BATCH_COUNT, 1)),
                Ttlv.structure(
                        Tag.BATCH_ITEM,
                        Ttlv.enumeration(Tag.OPERATION, 0x03),
                        Ttlv.structure(
                                Tag.REQUEST_PAYLOAD,
                                Ttlv.enumeration(Tag.OBJECT_TYPE, 0x02),
                                Ttlv.structure(
                                        Tag.ATTRIBUTES,
                                        Ttlv.structure(
                                                Tag.NAME,
                                                Ttlv.text(Tag.NAME_VALUE, "BL-M-1-21"),
                                                Ttlv.enumeration(Tag.NAME_TYPE, 1)),
                                        Ttlv.integer(Tag.CRYPTOGRAPHIC_USAGE_MASK, 0x04),
                                        Ttlv.enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, 0x03),
                                        Ttlv.integer(Tag.CRYPTOGRAPHIC_LENGTH, 128)),
                                Ttlv.structure(
                                        Tag.SYMMETRIC_KEY,
                                        Ttlv.structure(
                                                Tag.KEY_BLOCK,
                                                Ttlv.enumeration(Tag.KEY_FORMAT_TYPE, 1),
                                                Ttlv.structure(Tag.KEY_VALUE, Ttlv.bytes(Tag.KEY_MATERIAL, KEY_128)),
                                                Ttlv.enumeration(Tag.CRYPTOGRAPHIC_ALGORITHM, 0x03),
                                                Ttlv.integer(Tag.CRYPTOGRAPHIC_LENGTH, 128))))));
        RequestMessage expected = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V2_1).build(),
                List.of(RequestBatchItem.of(
                        Operation.REGISTER,
                        Register.Request.of(
                                new ManagedObject.SymmetricKey(KeyBlock.raw(KEY_128, CryptographicAlgorithm.AES, 128)),
                                Attributes.of(
                                        Attribute.of("Name", Name.text("BL-M-1-21")),
                                        Attribute.of("Cryptographic Usage Mask", Ttlv.integer(0, 4)),
                                        Attribute.of("Cryptographic Algorithm", Ttlv.enumeration(0, 3)),
                                        Attribute.of("Cryptographic Length", Ttlv.integer(0, 128)))))));
        RequestMessage mapped = MessageMapper.requestFromTtlv(tree);
        assertThat(mapped).isEqualTo(expected);
        assertThat(MessageMapper.toTtlv(expected)).isEqualTo(tree);
        Register.Request register =
                mapped.batchItems().get(0).payload(Register.Request.class).orElseThrow();
        assertThat(register.attributes()
                        .enumeration("Cryptographic Algorithm", CryptographicAlgorithm.class)
                        .flatMap(EnumCode::known))
                .contains(CryptographicAlgorithm.AES);
    }

    /** BL-M-1-21, second response: Register succeeded. */
    @Test
    void blM1RegisterResponse() throws Exception {
        Ttlv tree = Ttlv.structure(
                Tag.RESPONSE_MESSAGE,
                Ttlv.structure(
                        Tag.RESPONSE_HEADER,
                        version(2, 1),
                        Ttlv.dateTime(Tag.TIME_STAMP, 1_600_000_000L),
                        Ttlv.text(Tag.SERVER_CORRELATION_VALUE, "A5E83842-2A456820-5"),
                        Ttlv.integer(Tag.BATCH_COUNT, 1)),
                Ttlv.structure(
                        Tag.BATCH_ITEM,
                        Ttlv.enumeration(Tag.OPERATION, 0x03),
                        Ttlv.enumeration(Tag.RESULT_STATUS, 0),
                        Ttlv.structure(Tag.RESPONSE_PAYLOAD, Ttlv.text(Tag.UNIQUE_IDENTIFIER, "uid-0"))));
        ResponseMessage expected = new ResponseMessage(
                ResponseHeader.of(KmipVersion.V2_1, 1_600_000_000L, 1)
                        .withCorrelationValues(null, "A5E83842-2A456820-5"),
                List.of(ResponseBatchItem.success(
                        EnumCode.of(Operation.REGISTER), null, new Register.Response("uid-0", null))));
        assertThat(MessageMapper.responseFromTtlv(tree)).isEqualTo(expected);
        assertThat(MessageMapper.toTtlv(expected)).isEqualTo(tree);
    }

    /** TL-M-2-14, first request: 1.4 Create with a Template-Attribute of custom attributes, then Get by placeholder. */
    @Test
    void tlM2CreateWithTemplateAttributeThenGetByPlaceholder() throws Exception {
        int altName = KmipRegistry.get().tagValue("Alternative Name Value");
        int altType = KmipRegistry.get().tagValue("Alternative Name Type");
        String asiData = "123456789ABCDEF123456789123456789ABCDEF123456789ABCDEF1234000000";
        Ttlv tree = Ttlv.structure(
                Tag.REQUEST_MESSAGE,
                Ttlv.structure(
                        Tag.REQUEST_HEADER,
                        version(1, 4),
                        Ttlv.bool(Tag.BATCH_ORDER_OPTION, true),
                        Ttlv.integer(Tag.BATCH_COUNT, 2)),
                Ttlv.structure(
                        Tag.BATCH_ITEM,
                        Ttlv.enumeration(Tag.OPERATION, 0x01),
                        Ttlv.bytes(Tag.UNIQUE_BATCH_ITEM_ID, new byte[] {1}),
                        Ttlv.structure(
                                Tag.REQUEST_PAYLOAD,
                                Ttlv.enumeration(Tag.OBJECT_TYPE, 0x02),
                                Ttlv.structure(
                                        Tag.TEMPLATE_ATTRIBUTE,
                                        v1Attribute("x-ID", Ttlv.text(Tag.ATTRIBUTE_VALUE, "TL-M-2-14")),
                                        v1Attribute(
                                                "Alternative Name",
                                                Ttlv.structure(
                                                        Tag.ATTRIBUTE_VALUE,
                                                        Ttlv.text(altName, "XXA012A1"),
                                                        Ttlv.enumeration(altType, 1))),
                                        v1Attribute(
                                                "Name",
                                                Ttlv.structure(
                                                        Tag.ATTRIBUTE_VALUE,
                                                        Ttlv.text(Tag.NAME_VALUE, "AAAAAAA1A1AA12345678901234567"),
                                                        Ttlv.enumeration(Tag.NAME_TYPE, 1))),
                                        v1Attribute(
                                                "Cryptographic Algorithm", Ttlv.enumeration(Tag.ATTRIBUTE_VALUE, 3)),
                                        v1Attribute("Cryptographic Length", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 256)),
                                        v1Attribute(
                                                "Cryptographic Usage Mask", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 0x0C)),
                                        v1Attribute(
                                                "Application Specific Information",
                                                Ttlv.structure(
                                                        Tag.ATTRIBUTE_VALUE,
                                                        Ttlv.text(Tag.APPLICATION_NAMESPACE, "LIBRARY-LTO"),
                                                        Ttlv.text(Tag.APPLICATION_DATA, asiData))),
                                        v1Attribute("x-Barcode", Ttlv.text(Tag.ATTRIBUTE_VALUE, "XXA012A1")),
                                        v1Attribute("x-VendorAttribute2", Ttlv.integer(Tag.ATTRIBUTE_VALUE, 0)),
                                        v1Attribute("x-VendorAttribute3", Ttlv.dateTime(Tag.ATTRIBUTE_VALUE, 1L))))),
                Ttlv.structure(
                        Tag.BATCH_ITEM,
                        Ttlv.enumeration(Tag.OPERATION, 0x0A),
                        Ttlv.bytes(Tag.UNIQUE_BATCH_ITEM_ID, new byte[] {2}),
                        Ttlv.structure(Tag.REQUEST_PAYLOAD)));
        Attributes attributes = Attributes.of(
                Attribute.of("x-ID", Ttlv.text(0, "TL-M-2-14")),
                Attribute.of(
                        "Alternative Name",
                        Ttlv.structure(0, Ttlv.text(altName, "XXA012A1"), Ttlv.enumeration(altType, 1))),
                Attribute.of("Name", Name.text("AAAAAAA1A1AA12345678901234567")),
                Attribute.of("Cryptographic Algorithm", Ttlv.enumeration(0, 3)),
                Attribute.of("Cryptographic Length", Ttlv.integer(0, 256)),
                Attribute.of("Cryptographic Usage Mask", Ttlv.integer(0, 0x0C)),
                Attribute.of(
                        "Application Specific Information", new ApplicationSpecificInformation("LIBRARY-LTO", asiData)),
                Attribute.of("x-Barcode", Ttlv.text(0, "XXA012A1")),
                Attribute.of("x-VendorAttribute2", Ttlv.integer(0, 0)),
                Attribute.of("x-VendorAttribute3", Ttlv.dateTime(0, 1L)));
        RequestMessage expected = RequestMessage.of(
                RequestHeader.builder(KmipVersion.V1_4).batchOrderOption(true).build(),
                List.of(
                        RequestBatchItem.of(Operation.CREATE, Create.Request.of(ObjectType.SYMMETRIC_KEY, attributes))
                                .withId(Bytes.ofHex("01")),
                        RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null))
                                .withId(Bytes.ofHex("02"))));
        RequestMessage mapped = MessageMapper.requestFromTtlv(tree);
        assertThat(mapped).isEqualTo(expected);
        assertThat(MessageMapper.toTtlv(expected)).isEqualTo(tree);
        assertThat(mapped.header().batchOrderEffective()).isTrue();
        assertThat(mapped.batchItems()
                        .get(1)
                        .payload(Get.Request.class)
                        .orElseThrow()
                        .uniqueIdentifier())
                .as("omitted: the ID Placeholder")
                .isNull();
    }
}
