package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Link;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.LinkType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.JoinSplitKey;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Create Split Key and Join Split Key (KMIP 1.4 §4.38-4.39, 2.1 §6.1.12, §6.1.31) end to end over mutual TLS: parts
 * stored as Split Key objects with their fields and links, any threshold of them joined back into the key, and each
 * bad request refused with its Result Reason and nothing made.
 */
class SplitKeyTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void anyThreeOfFiveGf256PartsJoinBackToTheKey() {
        byte[] key = randomKey(32);
        try (var s = server.session(server.owner)) {
            String original = register(s, key);
            List<String> parts = split(s, original, 5, 3, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8);
            assertThat(parts).hasSize(5).doesNotHaveDuplicates();

            for (int i = 0; i < 5; i++) {
                ManagedObject.SplitKey part = (ManagedObject.SplitKey) get(s, parts.get(i));
                assertThat(part.keyPartIdentifier()).isEqualTo(i + 1);
                assertThat(part.splitKeyParts()).isEqualTo(5);
                assertThat(part.splitKeyThreshold()).isEqualTo(3);
                assertThat(part.splitKeyMethod()).isEqualTo(EnumCode.of(SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8));
                assertThat(raw(part.keyBlock())).hasSize(32).isNotEqualTo(key);
            }
            Random shuffle = new Random(7);
            for (int round = 0; round < 4; round++) {
                List<String> chosen = new ArrayList<>(parts);
                Collections.shuffle(chosen, shuffle);
                String joined = join(s, ObjectType.SYMMETRIC_KEY, chosen.subList(0, 3 + round % 3))
                        .payload(JoinSplitKey.Response.class)
                        .orElseThrow()
                        .uniqueIdentifier();
                ManagedObject.SymmetricKey k = (ManagedObject.SymmetricKey) get(s, joined);
                assertThat(raw(k.keyBlock())).isEqualTo(key);
                assertThat(k.keyBlock().cryptographicAlgorithm()).isEqualTo(EnumCode.of(CryptographicAlgorithm.AES));
                assertThat(k.keyBlock().cryptographicLength()).isEqualTo(256);
            }
        }
    }

    @Test
    void partsLinkToTheKeyAndToEachOther() {
        try (var s = server.session(server.owner)) {
            String original = register(s, randomKey(16));
            List<String> parts = split(s, original, 3, 2, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8);

            assertThat(links(s, original, LinkType.CHILD_LINK)).containsExactlyInAnyOrderElementsOf(parts);
            assertThat(links(s, parts.get(0), LinkType.PARENT_LINK)).containsExactly(original);
            assertThat(links(s, parts.get(0), LinkType.PREVIOUS_LINK)).isEmpty();
            assertThat(links(s, parts.get(0), LinkType.NEXT_LINK)).containsExactly(parts.get(1));
            assertThat(links(s, parts.get(1), LinkType.PREVIOUS_LINK)).containsExactly(parts.get(0));
            assertThat(links(s, parts.get(1), LinkType.NEXT_LINK)).containsExactly(parts.get(2));
            assertThat(links(s, parts.get(2), LinkType.NEXT_LINK)).isEmpty();
        }
    }

    @Test
    void xorNeedsEveryPartInKmip14() {
        byte[] key = randomKey(24);
        try (var s = server.session(server.owner)) {
            String original = register(s, key);
            List<String> parts = s.call(
                            KmipVersion.V1_4,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(original, ObjectType.SYMMETRIC_KEY, 3, 3, SplitKeyMethod.XOR))
                    .payload(CreateSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();

            ResponseBatchItem all = s.call(
                    KmipVersion.V1_4,
                    Operation.JOIN_SPLIT_KEY,
                    JoinSplitKey.Request.of(ObjectType.SYMMETRIC_KEY, parts));
            assertThat(raw(((ManagedObject.SymmetricKey) get(
                                    s,
                                    all.payload(JoinSplitKey.Response.class)
                                            .orElseThrow()
                                            .uniqueIdentifier()))
                            .keyBlock()))
                    .isEqualTo(key);
            ResponseBatchItem fewer = s.call(
                    KmipVersion.V1_4,
                    Operation.JOIN_SPLIT_KEY,
                    JoinSplitKey.Request.of(ObjectType.SYMMETRIC_KEY, parts.subList(0, 2)));
            assertRefused(fewer, ResultReason.INVALID_FIELD, "Split Key Threshold of 3");
        }
    }

    @Test
    void fewerThanThresholdMixedSplitsAndRepeatedPartsAreInvalidFieldAndMakeNothing() {
        try (var s = server.session(server.owner)) {
            String original = register(s, randomKey(32));
            List<String> a = split(s, original, 4, 3, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8);
            List<String> b = split(s, original, 4, 3, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8);
            long before = server.storedObjects();

            assertRefused(join(s, ObjectType.SYMMETRIC_KEY, a.subList(0, 2)), ResultReason.INVALID_FIELD, "2 parts");
            assertRefused(
                    join(s, ObjectType.SYMMETRIC_KEY, List.of(a.get(0), a.get(1), b.get(2))),
                    ResultReason.INVALID_FIELD,
                    "different splits");
            assertRefused(
                    join(s, ObjectType.SYMMETRIC_KEY, List.of(a.get(0), a.get(1), a.get(1))),
                    ResultReason.INVALID_FIELD,
                    "Key Part Identifier 2");
            assertRefused(
                    join(s, ObjectType.SYMMETRIC_KEY, List.of(a.get(0), a.get(1), original)),
                    ResultReason.INVALID_OBJECT_TYPE,
                    "joins Split Key objects");
            assertRefused(join(s, ObjectType.PRIVATE_KEY, a), ResultReason.INVALID_OBJECT_TYPE, "Private Key");
            assertThat(server.storedObjects())
                    .as("no refused join stored anything")
                    .isEqualTo(before);
        }
    }

    @Test
    void badSplitRequestsGetTheirReasons() {
        try (var s = server.session(server.owner)) {
            String original = register(s, randomKey(16));
            long before = server.storedObjects();

            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    original,
                                    ObjectType.SYMMETRIC_KEY,
                                    3,
                                    2,
                                    SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_16)),
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "XOR and Polynomial Sharing GF(2^8)");
            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    original,
                                    ObjectType.SYMMETRIC_KEY,
                                    3,
                                    2,
                                    SplitKeyMethod.POLYNOMIAL_SHARING_PRIME_FIELD)),
                    ResultReason.FEATURE_NOT_SUPPORTED,
                    "not supported");
            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    original,
                                    ObjectType.SYMMETRIC_KEY,
                                    2,
                                    3,
                                    SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8)),
                    ResultReason.INVALID_FIELD,
                    "Threshold");
            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(original, ObjectType.SYMMETRIC_KEY, 3, 2, SplitKeyMethod.XOR)),
                    ResultReason.INVALID_FIELD,
                    "XOR needs all parts");
            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    original, ObjectType.SECRET_DATA, 3, 2, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8)),
                    ResultReason.INVALID_OBJECT_TYPE,
                    "is a Symmetric Key");
            assertRefused(
                    s.call(
                            V,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    "no-such-object", ObjectType.SYMMETRIC_KEY, 3, 3, SplitKeyMethod.XOR)),
                    ResultReason.OBJECT_NOT_FOUND,
                    "no-such-object");
            assertThat(server.storedObjects()).isEqualTo(before);
        }
    }

    @Test
    void aNewSecretSplitByTheServerJoinsIntoSecretDataAndThePlaceholderIsPartOne() {
        try (var s = server.session(server.owner)) {
            ResponseMessage batch = s.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(
                                            Operation.CREATE_SPLIT_KEY,
                                            new CreateSplitKey.Request(
                                                    EnumCode.of(ObjectType.SECRET_DATA),
                                                    null,
                                                    4,
                                                    2,
                                                    EnumCode.of(SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8),
                                                    null,
                                                    Attributes.of(
                                                            AttributeFactory.integer("Cryptographic Length", 128)),
                                                    null))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.GET, new Get.Request(null, null, null, null, null))
                                    .withId(Bytes.ofHex("02"))));
            List<String> parts = batch.batchItems()
                    .get(0)
                    .payload(CreateSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();
            Get.Response placeholder =
                    batch.batchItems().get(1).payload(Get.Response.class).orElseThrow();
            assertThat(placeholder.uniqueIdentifier()).isEqualTo(parts.get(0));

            byte[] fromFirstTwo = secret(s, join(s, ObjectType.SECRET_DATA, parts.subList(0, 2)));
            byte[] fromLastTwo = secret(s, join(s, ObjectType.SECRET_DATA, parts.subList(2, 4)));
            assertThat(fromFirstTwo).hasSize(16).isEqualTo(fromLastTwo);
        }
    }

    @Test
    void aRegisteredSplitKeyComesBackWithItsFieldsAndQueryListsTheOperations() {
        byte[] part = randomKey(16);
        try (var s = server.session(server.owner)) {
            ManagedObject.SplitKey given = new ManagedObject.SplitKey(
                    3,
                    2,
                    2,
                    EnumCode.of(SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8),
                    null,
                    KeyBlock.raw(part, CryptographicAlgorithm.AES, 128));
            String uid = s.call(V, Operation.REGISTER, Register.Request.of(given, Attributes.EMPTY))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ManagedObject.SplitKey back = (ManagedObject.SplitKey) get(s, uid);
            assertThat(back.keyPartIdentifier()).isEqualTo(2);
            assertThat(back.splitKeyParts()).isEqualTo(3);
            assertThat(back.splitKeyThreshold()).isEqualTo(2);
            assertThat(raw(back.keyBlock())).isEqualTo(part);

            Query.Response q = s.call(
                            V,
                            Operation.QUERY,
                            new Query.Request(List.of(
                                    EnumCode.of(QueryFunction.QUERY_OPERATIONS),
                                    EnumCode.of(QueryFunction.QUERY_OBJECTS))))
                    .payload(Query.Response.class)
                    .orElseThrow();
            assertThat(q.operations())
                    .contains(
                            EnumCode.of(Operation.CREATE_SPLIT_KEY),
                            EnumCode.of(Operation.JOIN_SPLIT_KEY),
                            EnumCode.of(Operation.RE_KEY_KEY_PAIR));
            assertThat(q.objectTypes()).contains(EnumCode.of(ObjectType.SPLIT_KEY));
        }
    }

    static String register(EngineFixture.Session s, byte[] key) {
        return s.call(V, Operation.REGISTER, Requests.symmetricKey(key))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    static List<String> split(EngineFixture.Session s, String uid, int parts, int threshold, SplitKeyMethod method) {
        ResponseBatchItem r = s.call(
                V,
                Operation.CREATE_SPLIT_KEY,
                CreateSplitKey.Request.of(uid, ObjectType.SYMMETRIC_KEY, parts, threshold, method));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(CreateSplitKey.Response.class).orElseThrow().uniqueIdentifiers();
    }

    static ResponseBatchItem join(EngineFixture.Session s, ObjectType type, List<String> parts) {
        return s.call(V, Operation.JOIN_SPLIT_KEY, JoinSplitKey.Request.of(type, parts));
    }

    private static byte[] secret(EngineFixture.Session s, ResponseBatchItem joined) {
        assertThat(joined.isSuccess()).as(joined.resultMessage()).isTrue();
        String uid = joined.payload(JoinSplitKey.Response.class).orElseThrow().uniqueIdentifier();
        return raw(((ManagedObject.SecretData) get(s, uid)).keyBlock());
    }

    static ManagedObject get(EngineFixture.Session s, String uid) {
        ResponseBatchItem r = s.call(V, Operation.GET, Get.Request.of(uid));
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        return r.payload(Get.Response.class).orElseThrow().object();
    }

    private static List<String> links(EngineFixture.Session s, String uid, LinkType type) {
        Attributes a = s.call(
                        V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
        return a.all("Link").stream()
                .map(Attribute::value)
                .map(Link.class::cast)
                .filter(l -> l.type().is(type))
                .map(l -> l.linkedObject().toString())
                .toList();
    }

    static byte[] raw(KeyBlock block) {
        return ((KeyMaterial.Raw) ((KeyValue.Plain) block.keyValue()).material())
                .bytes()
                .toByteArray();
    }

    static void assertRefused(ResponseBatchItem r, ResultReason reason, String inMessage) {
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(reason));
        assertThat(r.resultMessage()).contains(inMessage).doesNotContain("\n");
        assertThat(r.payload()).isNull();
    }

    private static byte[] randomKey(int bytes) {
        byte[] k = new byte[bytes];
        new SecureRandom().nextBytes(k);
        return k;
    }
}
