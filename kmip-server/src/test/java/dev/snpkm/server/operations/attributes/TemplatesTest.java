package dev.snpkm.server.operations.attributes;

import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributeList;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Template objects through the engine over TLS: a 1.x client registers, reads, locates and destroys them, and Create
 * and Register apply the Templates a Template-Attribute names (the request's own attributes win); to a 2.x client
 * Templates do not exist.
 */
class TemplatesTest {
    private static final KmipVersion V1 = KmipVersion.V1_4;
    private static final KmipVersion V2 = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aVersion1TemplateIsRegisteredReadLocatedAndDestroyed() {
        String label = "tmpl-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = registerTemplate(s, label, length(128), group("from-" + label));

            var back = (ManagedObject.Template) s.call(V1, Operation.GET, Get.Request.of(uid))
                    .payload(Get.Response.class)
                    .orElseThrow()
                    .object();
            assertThat(back.attributes().list())
                    .extracting(Attribute::name)
                    .contains("Name", "Cryptographic Algorithm", "Cryptographic Length", "Object Group")
                    .doesNotContain("Initial Date", "Last Change Date", "Lease Time");

            Attributes a = s.call(
                            V1,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow()
                    .attributes();
            assertThat(a.item("Object Type", Ttlv.Enumeration.class)
                            .orElseThrow()
                            .value())
                    .isEqualTo(ObjectType.TEMPLATE.value());
            assertThat(a.integer("Cryptographic Length")).contains(128);
            List<String> names = s.call(
                            V1, Operation.GET_ATTRIBUTE_LIST, new GetAttributeList.Request(UniqueIdentifier.of(uid)))
                    .payload(GetAttributeList.Response.class)
                    .orElseThrow()
                    .attributeNames();
            assertThat(names)
                    .contains("Name", "Initial Date")
                    .as("State and leases are for cryptographic objects")
                    .doesNotContain("State", "Lease Time");

            assertThat(locate(s, V1, Attributes.of(objectType(ObjectType.TEMPLATE), name(label))))
                    .containsExactly(uid);

            ResponseBatchItem activate = s.call(V1, Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of(uid)));
            assertThat(activate.resultReason())
                    .as("a Template has no lifecycle")
                    .isEqualTo(EnumCode.of(ResultReason.ILLEGAL_OPERATION));
            assertThat(activate.resultMessage()).contains("is a Template");

            assertThat(s.call(V1, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(s.call(V1, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isFalse();
            assertThat(s.call(V1, Operation.CREATE, fromTemplate(label, Attributes.EMPTY))
                            .resultReason())
                    .as("a destroyed Template is no longer applied")
                    .isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
        }
    }

    @Test
    void createAndRegisterApplyTheNamedTemplateAndTheirOwnAttributesWin() {
        String label = "apply-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            registerTemplate(s, label, length(128), group("g-" + label));

            String created = s.call(V1, Operation.CREATE, fromTemplate(label, Attributes.of(length(256))))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            Attributes a = attributes(s, created);
            assertThat(a.integer("Cryptographic Length"))
                    .as("the request's own value wins")
                    .contains(256);
            assertThat(a.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.class))
                    .contains(EnumCode.of(CryptographicAlgorithm.AES));
            assertThat(a.text("Object Group")).contains("g-" + label);
            assertThat(a.all("Name"))
                    .as("the Template's Name names the Template, not what is made from it")
                    .isEmpty();

            Register.Request plain = Requests.symmetricKey(new byte[16]);
            String registered = s.call(
                            V1,
                            Operation.REGISTER,
                            new Register.Request(
                                    plain.objectType(),
                                    new Attributes(List.of(), List.of(Name.text(label))),
                                    plain.object(),
                                    null))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(attributes(s, registered).text("Object Group")).contains("g-" + label);
        }
    }

    @Test
    void anUnknownOrAnotherClientsTemplateIsItemNotFound() {
        String label = "mine-" + System.nanoTime();
        try (var s = server.session(server.owner);
                var other = server.session(server.other)) {
            registerTemplate(s, label, length(128));
            ResponseBatchItem unknown =
                    s.call(V1, Operation.CREATE, fromTemplate("no-such-" + label, Attributes.EMPTY));
            assertThat(unknown.resultReason()).isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
            assertThat(unknown.resultMessage()).contains("no Template named 'no-such-" + label + "'");
            assertThat(other.call(V1, Operation.CREATE, fromTemplate(label, Attributes.EMPTY))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
        }
    }

    /** Each distinct name is a store lookup: a request may name a bounded number; a name repeated counts once. */
    @Test
    void aRequestNamesAtMostSixtyFourDistinctTemplates() {
        String label = "many-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            registerTemplate(s, label, length(192));
            List<Name> repeated = java.util.Collections.nCopies(500, Name.text(label));
            ResponseBatchItem once = s.call(
                    V1,
                    Operation.CREATE,
                    Create.Request.of(ObjectType.SYMMETRIC_KEY, new Attributes(List.of(), repeated)));
            assertThat(once.isSuccess()).as(once.resultMessage()).isTrue();
            String uid = once.payload(Create.Response.class).orElseThrow().uniqueIdentifier();
            assertThat(attributes(s, uid).integer("Cryptographic Length")).contains(192);

            List<Name> distinct = java.util.stream.IntStream.rangeClosed(0, Templates.MAX_TEMPLATE_NAMES)
                    .mapToObj(i -> Name.text(label + "-" + i))
                    .toList();
            ResponseBatchItem tooMany = s.call(
                    V1,
                    Operation.CREATE,
                    Create.Request.of(ObjectType.SYMMETRIC_KEY, new Attributes(List.of(), distinct)));
            assertThat(tooMany.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
            assertThat(tooMany.resultMessage()).contains("names 65 Templates; at most 64");
        }
    }

    @Test
    void queryListsTemplateOnlyToVersion1Clients() {
        try (var s = server.session(server.owner)) {
            assertThat(objectTypes(s, V1)).contains(EnumCode.of(ObjectType.TEMPLATE));
            assertThat(objectTypes(s, V2))
                    .doesNotContain(EnumCode.of(ObjectType.TEMPLATE))
                    .contains(EnumCode.of(ObjectType.SYMMETRIC_KEY));
        }
    }

    @Test
    void toVersion2ClientsTemplatesDoNotExist() {
        String label = "hidden-" + System.nanoTime();
        try (var s = server.session(server.owner)) {
            String uid = registerTemplate(s, label, length(128));

            ResponseBatchItem register = s.call(
                    V2,
                    Operation.REGISTER,
                    new Register.Request(
                            EnumCode.of(ObjectType.TEMPLATE),
                            Attributes.EMPTY,
                            new ManagedObject.Template(Attributes.of(length(128))),
                            null));
            assertThat(register.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_OBJECT_TYPE));
            assertThat(register.resultMessage()).contains("Template objects were removed in KMIP 2.0");

            assertThat(s.call(
                                    V2,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));
            assertThat(locate(s, V2, Attributes.of(name(label)))).isEmpty();
            assertThat(locate(s, V1, Attributes.of(name(label)))).containsExactly(uid);
        }
    }

    private static String registerTemplate(EngineFixture.Session s, String label, Attribute... more) {
        Attributes held = Attributes.of(
                name(label),
                AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.AES.value()));
        for (Attribute m : more) {
            held = held.with(m);
        }
        ResponseBatchItem r = s.call(
                V1,
                Operation.REGISTER,
                new Register.Request(
                        EnumCode.of(ObjectType.TEMPLATE), Attributes.EMPTY, new ManagedObject.Template(held), null));
        assertThat(r.isSuccess()).as("Register Template: %s", r.resultMessage()).isTrue();
        return r.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static Create.Request fromTemplate(String templateName, Attributes own) {
        return Create.Request.of(
                ObjectType.SYMMETRIC_KEY, new Attributes(own.list(), List.of(Name.text(templateName))));
    }

    private static Attribute length(int bits) {
        return AttributeFactory.integer("Cryptographic Length", bits);
    }

    private static Attribute group(String g) {
        return AttributeFactory.text("Object Group", g);
    }

    private static Attribute objectType(ObjectType t) {
        return AttributeFactory.enumeration("Object Type", t.value());
    }

    private static Attributes attributes(EngineFixture.Session s, String uid) {
        return s.call(V1, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }

    private static List<String> locate(EngineFixture.Session s, KmipVersion v, Attributes filters) {
        return s.call(v, Operation.LOCATE, Locate.Request.of(filters))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers();
    }

    private static List<EnumCode<ObjectType>> objectTypes(EngineFixture.Session s, KmipVersion v) {
        return s.call(v, Operation.QUERY, new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OBJECTS))))
                .payload(Query.Response.class)
                .orElseThrow()
                .objectTypes();
    }
}
