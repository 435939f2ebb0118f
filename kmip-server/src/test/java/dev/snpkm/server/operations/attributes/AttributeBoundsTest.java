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
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.util.ArrayList;
import java.util.List;
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
                    V,
                    Operation.RE_KEY,
                    new dev.snpkm.kmip.payload.ReKey.Request(
                            UniqueIdentifier.of(uid), null, new dev.snpkm.kmip.attribute.Attributes(many), null));

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
