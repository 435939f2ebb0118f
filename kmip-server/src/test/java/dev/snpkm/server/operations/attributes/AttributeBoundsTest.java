package dev.snpkm.server.operations.attributes;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.RevocationReasonCode;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.CreateKeyPair;
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.ReKeyKeyPair;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** One object's attributes are bounded in number and bytes, through the engine over TLS; the object stays readable. */
class AttributeBoundsTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void addingCustomAttributesPast64KibIsRefusedAndTheObjectStaysReadable() {
        try (var s = server.session(server.owner)) {
            String uid = create(s, List.of());
            String value = "v".repeat(20_000);
            ResponseBatchItem r = null;
            int added = 0;
            while (added < 10) {
                r = s.call(
                        V,
                        Operation.ADD_ATTRIBUTE,
                        new AddAttribute.Request(UniqueIdentifier.of(uid), Attribute.of("x-pad", Ttlv.text(0, value))));
                if (!r.isSuccess()) {
                    break;
                }
                added++;
            }
            assertThat(added)
                    .as("three of 20,000 characters fit in 64 KiB, not four")
                    .isEqualTo(3);
            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(r.resultMessage()).contains("may take 65536 bytes encoded");
            GetAttributes.Response back = s.call(
                            V,
                            Operation.GET_ATTRIBUTES,
                            new GetAttributes.Request(UniqueIdentifier.of(uid), List.of("x-pad")))
                    .payload(GetAttributes.Response.class)
                    .orElseThrow();
            assertThat(back.attributes().all("x-pad")).hasSize(3);
        }
    }

    /** A Re-key template no object could carry is refused before it is merged into the new key's attributes. */
    @Test
    void aReKeyTemplateOverTheInstanceBoundIsRefusedAtOnce() {
        try (var s = server.session(server.owner)) {
            String uid = create(s, List.of());
            List<Attribute> many = new ArrayList<>();
            for (int i = 0; i <= AttributeBounds.MAX_INSTANCES; i++) {
                many.add(Attribute.of("x-tag", Ttlv.text(0, "t" + i)));
            }

            ResponseBatchItem r = s.call(
                    V, Operation.RE_KEY, new ReKey.Request(UniqueIdentifier.of(uid), null, new Attributes(many), null));

            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(r.resultMessage()).contains("the request gives 1025");
        }
    }

    @Test
    void aKeyAtTheBoundIsStillRevokedAndDestroyedAndAShrinkingEditGoesThrough() {
        try (var s = server.session(server.owner)) {
            String uid = create(
                    s, List.of(Requests.activeSince(server.clock.instant().minusSeconds(60))));
            for (int i = 0; i < 3; i++) {
                assertThat(s.call(
                                        V,
                                        Operation.ADD_ATTRIBUTE,
                                        new AddAttribute.Request(
                                                UniqueIdentifier.of(uid),
                                                Attribute.of("x-pad", Ttlv.text(0, "v".repeat(20_000)))))
                                .isSuccess())
                        .isTrue();
            }
            // A lifecycle write is never refused for size: a key must stay revocable and destroyable.
            ResponseBatchItem revoke = s.call(
                    V,
                    Operation.REVOKE,
                    new Revoke.Request(
                            UniqueIdentifier.of(uid),
                            new RevocationReason(
                                    EnumCode.of(RevocationReasonCode.CESSATION_OF_OPERATION), "r".repeat(10_000)),
                            null));
            assertThat(revoke.isSuccess()).as(revoke.resultMessage()).isTrue();
            ResponseBatchItem delete = s.call(
                    V,
                    Operation.DELETE_ATTRIBUTE,
                    new DeleteAttribute.Request(UniqueIdentifier.of(uid), null, "x-pad", null));
            assertThat(delete.isSuccess()).as(delete.resultMessage()).isTrue();
            ResponseBatchItem destroy = s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)));
            assertThat(destroy.isSuccess()).as(destroy.resultMessage()).isTrue();
        }
    }

    @Test
    void aCreateWithMoreAttributeInstancesThanAnObjectMayCarryIsRefused() {
        try (var s = server.session(server.owner)) {
            List<Attribute> many = new ArrayList<>();
            for (int i = 0; i < AttributeBounds.MAX_INSTANCES; i++) {
                many.add(Attribute.of("x-tag", Ttlv.text(0, "t" + i)));
            }
            ResponseBatchItem r = s.call(V, Operation.CREATE, Requests.aes(256, many.toArray(Attribute[]::new)));

            assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(r.resultMessage()).contains("may carry 1024 attribute instances");
            assertThat(r.resultMessage())
                    .as("refused as the request's template, before any merge")
                    .matches(".*the request gives 10[2-9]\\d$");
        }
    }

    /**
     * The Child Links Create Split Key adds to the key are bounded too: five 255-part splits made 1,294 instances, and
     * then an ordinary Add Attribute on the key was refused. Refused before any part is made.
     */
    @Test
    void aSplitWhoseChildLinksWouldTakeTheKeyPastTheBoundIsRefusedAndMakesNothing() {
        try (var s = server.session(server.owner)) {
            String key = create(s, tags(990));
            long before = server.storedObjects();
            ResponseBatchItem split = s.call(
                    V,
                    Operation.CREATE_SPLIT_KEY,
                    CreateSplitKey.Request.of(
                            key, ObjectType.SYMMETRIC_KEY, 40, 2, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8));
            assertThat(split.resultReason())
                    .as(split.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(split.resultMessage()).contains("may carry 1024 attribute instances");
            assertThat(server.storedObjects()).as("no part was stored").isEqualTo(before);
        }
    }

    /** Derive Key's Derived Key Link on its base likewise: the derive that would overfill the base is refused. */
    @Test
    void aDeriveWhoseLinkWouldTakeTheBasePastTheBoundIsRefusedAndMakesNothing() {
        try (var s = server.session(server.owner)) {
            List<Attribute> attributes = tags(990);
            attributes.add(Requests.usage(CryptographicUsageMask.DERIVE_KEY));
            attributes.add(Requests.activeSince(server.clock.instant().minusSeconds(60)));
            String base = create(s, attributes);
            ResponseBatchItem derive = null;
            long before = 0;
            int derived = 0;
            while (derived < 40) {
                before = server.storedObjects();
                derive = s.call(V, Operation.DERIVE_KEY, hmacDerivation(base));
                if (!derive.isSuccess()) {
                    break;
                }
                derived++;
            }
            assertThat(derived).as("derives until the base is full, not 40").isBetween(1, 39);
            assertThat(derive.resultReason())
                    .as(derive.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(derive.resultMessage()).contains("may carry 1024 attribute instances");
            assertThat(server.storedObjects())
                    .as("the refused derive stored nothing")
                    .isEqualTo(before);
        }
    }

    /**
     * Each Re-key of one key adds a Replacement Object Link to it, saved unchecked: re-keyed again and again, the old
     * key grew past the bound, where an ordinary Add Attribute on it was refused. The re-key that would overfill it is
     * refused before anything is written, and the key stays at the bound.
     */
    @Test
    void aReKeyWhoseReplacementLinkWouldTakeTheOldKeyPastTheBoundIsRefusedAndChangesNothing() {
        try (var s = server.session(server.owner)) {
            String old = create(s, tags(1_000));
            ResponseBatchItem reKey = reKeyUntilRefused(
                    s, () -> new ReKey.Request(UniqueIdentifier.of(old), null, null, null), Operation.RE_KEY);
            assertThat(server.storedAttributeInstances(old)).isEqualTo(AttributeBounds.MAX_INSTANCES);
            assertThat(reKey.resultMessage()).contains("may carry 1024 attribute instances");
        }
    }

    /** Re-key Key Pair likewise, for the old private key and the old public key, both linked to their replacements. */
    @Test
    void aReKeyKeyPairWhoseReplacementLinksWouldOverfillTheOldPairIsRefusedAndChangesNothing() {
        try (var s = server.session(server.owner)) {
            List<Attribute> common = tags(1_000);
            common.add(AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.EC.value()));
            common.add(AttributeFactory.integer("Cryptographic Length", 256));
            CreateKeyPair.Response old = s.call(
                            V,
                            Operation.CREATE_KEY_PAIR,
                            CreateKeyPair.Request.of(new Attributes(common), Attributes.EMPTY, Attributes.EMPTY))
                    .payload(CreateKeyPair.Response.class)
                    .orElseThrow();
            reKeyUntilRefused(
                    s, () -> ReKeyKeyPair.Request.of(old.privateKeyUniqueIdentifier()), Operation.RE_KEY_KEY_PAIR);
            assertThat(List.of(
                            server.storedAttributeInstances(old.privateKeyUniqueIdentifier()),
                            server.storedAttributeInstances(old.publicKeyUniqueIdentifier())))
                    .allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(AttributeBounds.MAX_INSTANCES))
                    .contains(AttributeBounds.MAX_INSTANCES);
        }
    }

    /**
     * Create Split Key's Previous and Next Links went onto the parts unchecked: a template that left a part at the
     * bound made parts past it. Refused now, and nothing is stored.
     */
    @Test
    void aSplitWhosePreviousAndNextLinksWouldTakeAPartPastTheBoundIsRefusedAndMakesNothing() {
        try (var s = server.session(server.owner)) {
            List<String> parts = generatedSplit(s, List.of())
                    .payload(CreateSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();
            int withoutLinks = server.storedAttributeInstances(parts.get(1)) - 2; // the middle part: Previous, Next
            long before = server.storedObjects();

            ResponseBatchItem split = generatedSplit(s, tags(AttributeBounds.MAX_INSTANCES - withoutLinks));

            assertThat(split.resultReason())
                    .as(split.resultMessage())
                    .isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
            assertThat(split.resultMessage()).contains("may carry 1024 attribute instances");
            assertThat(server.storedObjects()).as("no part was stored").isEqualTo(before);
        }
    }

    /** Three XOR parts of a new AES-256 key, with {@code more} in the template. */
    private static ResponseBatchItem generatedSplit(EngineFixture.Session s, List<Attribute> more) {
        List<Attribute> template = new ArrayList<>(more);
        template.add(AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.AES.value()));
        template.add(AttributeFactory.integer("Cryptographic Length", 256));
        return s.call(
                V,
                Operation.CREATE_SPLIT_KEY,
                new CreateSplitKey.Request(
                        EnumCode.of(ObjectType.SYMMETRIC_KEY),
                        null,
                        3,
                        3,
                        EnumCode.of(SplitKeyMethod.XOR),
                        null,
                        new Attributes(template),
                        null));
    }

    /**
     * Repeats {@code request} until it is refused (at most 40 times); asserts that it succeeded at least once, that the
     * refusal is Server Limit Exceeded and that the refused one stored nothing. Returns the refusal.
     */
    private static ResponseBatchItem reKeyUntilRefused(
            EngineFixture.Session s, Supplier<RequestPayload> request, Operation op) {
        ResponseBatchItem r = null;
        long before = 0;
        int done = 0;
        while (done < 40) {
            before = server.storedObjects();
            r = s.call(V, op, request.get());
            if (!r.isSuccess()) {
                break;
            }
            done++;
        }
        assertThat(done).as("re-keys until the old key is full, not 40").isBetween(1, 39);
        assertThat(r.resultReason()).as(r.resultMessage()).isEqualTo(EnumCode.of(ResultReason.SERVER_LIMIT_EXCEEDED));
        assertThat(server.storedObjects())
                .as("the refused re-key stored nothing")
                .isEqualTo(before);
        return r;
    }

    private static List<Attribute> tags(int n) {
        List<Attribute> tags = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            tags.add(Attribute.of("x-tag", Ttlv.text(0, "t" + i)));
        }
        return tags;
    }

    private static DeriveKey.Request hmacDerivation(String base) {
        return new DeriveKey.Request(
                EnumCode.of(ObjectType.SYMMETRIC_KEY),
                List.of(UniqueIdentifier.of(base)),
                EnumCode.of(DerivationMethod.HMAC),
                new DeriveKey.Parameters(
                        CryptographicParameters.builder()
                                .hashingAlgorithm(HashingAlgorithm.SHA_256)
                                .build(),
                        null,
                        Bytes.of(new byte[] {1, 2, 3}),
                        null,
                        null),
                Attributes.of(
                        AttributeFactory.integer("Cryptographic Length", 256),
                        AttributeFactory.enumeration("Cryptographic Algorithm", CryptographicAlgorithm.AES.value())));
    }

    private static String create(EngineFixture.Session s, List<Attribute> more) {
        return s.call(V, Operation.CREATE, Requests.aes(256, more.toArray(Attribute[]::new)))
                .payload(Create.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }
}
