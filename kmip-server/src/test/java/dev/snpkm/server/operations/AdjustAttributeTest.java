package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.name;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.AdjustAttribute;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Adjust Attribute (KMIP 2.1 §6.1) through the engine over mutual TLS: Increment and Decrement of dates, intervals and
 * numbers, Negate of booleans and signed numbers, and the Result Reasons of what cannot be adjusted (server-set or
 * creation-time attributes, text/structure/mask values, absent attributes, out-of-range results, dates whose time has
 * passed, the binding, another client's object).
 */
class AdjustAttributeTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final long FUTURE = Instant.now().plusSeconds(86_400).getEpochSecond();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void incrementAndDecrementMoveDatesAndNumbersNegateFlipsBooleansAndSigns() {
        try (var s = server.session(server.owner)) {
            String uid = register(
                    s,
                    AttributeFactory.date(AttributeNames.ACTIVATION_DATE, FUTURE),
                    AttributeFactory.bool(AttributeNames.SENSITIVE, false),
                    Attribute.of("x-counter", Ttlv.integer(0, 10)),
                    Attribute.of("x-total", Ttlv.longInteger(0, 1L << 40)),
                    Attribute.of("x-period", Ttlv.interval(0, 60)));

            ok(
                    s,
                    uid,
                    AttributeNames.ACTIVATION_DATE,
                    AdjustmentType.INCREMENT,
                    Ttlv.interval(Tag.ADJUSTMENT_VALUE, 3600));
            assertThat(item(s, uid, AttributeNames.ACTIVATION_DATE)).contains(Ttlv.dateTime(0, FUTURE + 3600));
            ok(
                    s,
                    uid,
                    AttributeNames.ACTIVATION_DATE,
                    AdjustmentType.DECREMENT,
                    Ttlv.integer(Tag.ADJUSTMENT_VALUE, 600));
            assertThat(item(s, uid, AttributeNames.ACTIVATION_DATE)).contains(Ttlv.dateTime(0, FUTURE + 3000));

            ok(s, uid, "x-counter", AdjustmentType.INCREMENT, Ttlv.integer(Tag.ADJUSTMENT_VALUE, 5));
            assertThat(item(s, uid, "x-counter")).contains(Ttlv.integer(0, 15));
            ok(s, uid, "x-counter", AdjustmentType.NEGATE, null);
            assertThat(item(s, uid, "x-counter")).contains(Ttlv.integer(0, -15));
            ok(s, uid, "x-counter", AdjustmentType.DECREMENT, null); // an absent Adjustment Value counts as 0
            assertThat(item(s, uid, "x-counter")).contains(Ttlv.integer(0, -15));

            ok(s, uid, "x-total", AdjustmentType.DECREMENT, Ttlv.longInteger(Tag.ADJUSTMENT_VALUE, 1));
            assertThat(item(s, uid, "x-total")).contains(Ttlv.longInteger(0, (1L << 40) - 1));
            ok(s, uid, "x-period", AdjustmentType.INCREMENT, Ttlv.interval(Tag.ADJUSTMENT_VALUE, 40));
            assertThat(item(s, uid, "x-period")).contains(Ttlv.interval(0, 100));

            ok(s, uid, AttributeNames.SENSITIVE, AdjustmentType.NEGATE, null);
            assertThat(item(s, uid, AttributeNames.SENSITIVE)).contains(Ttlv.bool(0, true));
        }
    }

    @Test
    void whatCannotBeAdjustedHasItsOwnResultReason() {
        try (var s = server.session(server.owner);
                var other = server.session(server.other)) {
            String uid = register(
                    s,
                    name("adjust-refusals-" + System.nanoTime()),
                    AttributeFactory.text(AttributeNames.OBJECT_GROUP, "group"),
                    AttributeFactory.integer(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK, 4),
                    AttributeFactory.bool(AttributeNames.EXTRACTABLE, true),
                    Attribute.of("x-counter", Ttlv.integer(0, Integer.MAX_VALUE)),
                    Attribute.of("x-period", Ttlv.interval(0, 10)),
                    activeSince(Instant.now().minusSeconds(60)));
            Ttlv one = Ttlv.integer(Tag.ADJUSTMENT_VALUE, 1);

            refused(s, uid, "State", AdjustmentType.INCREMENT, one, ResultReason.ATTRIBUTE_READ_ONLY);
            refused(s, uid, "Initial Date", AdjustmentType.INCREMENT, one, ResultReason.ATTRIBUTE_READ_ONLY);
            refused(
                    s,
                    uid,
                    AttributeNames.CRYPTOGRAPHIC_LENGTH,
                    AdjustmentType.INCREMENT,
                    one,
                    ResultReason.ATTRIBUTE_READ_ONLY);
            refused(s, uid, "Name", AdjustmentType.INCREMENT, one, ResultReason.INVALID_DATA_TYPE);
            refused(s, uid, AttributeNames.OBJECT_GROUP, AdjustmentType.INCREMENT, one, ResultReason.INVALID_DATA_TYPE);
            refused(
                    s,
                    uid,
                    AttributeNames.CRYPTOGRAPHIC_USAGE_MASK,
                    AdjustmentType.INCREMENT,
                    one,
                    ResultReason.INVALID_DATA_TYPE);
            refused(s, uid, AttributeNames.EXTRACTABLE, AdjustmentType.INCREMENT, one, ResultReason.INVALID_DATA_TYPE);
            refused(s, uid, "x-period", AdjustmentType.NEGATE, null, ResultReason.INVALID_DATA_TYPE);
            refused(s, uid, "x-counter", AdjustmentType.INCREMENT, one, ResultReason.NUMERIC_RANGE);
            refused(
                    s,
                    uid,
                    "x-period",
                    AdjustmentType.DECREMENT,
                    Ttlv.integer(Tag.ADJUSTMENT_VALUE, 11),
                    ResultReason.NUMERIC_RANGE);
            refused(
                    s,
                    uid,
                    "x-counter",
                    AdjustmentType.INCREMENT,
                    Ttlv.text(Tag.ADJUSTMENT_VALUE, "1"),
                    ResultReason.INVALID_FIELD);
            refused(s, uid, "x-counter", AdjustmentType.NEGATE, one, ResultReason.INVALID_FIELD);
            refused(
                    s,
                    uid,
                    AttributeNames.DEACTIVATION_DATE,
                    AdjustmentType.INCREMENT,
                    one,
                    ResultReason.ATTRIBUTE_NOT_FOUND);
            refused(
                    s,
                    uid,
                    AttributeNames.ACTIVATION_DATE,
                    AdjustmentType.INCREMENT,
                    one,
                    ResultReason.WRONG_KEY_LIFECYCLE_STATE);
            refused(
                    s,
                    uid,
                    AttributeNames.X_ATTESTATION_POLICY,
                    AdjustmentType.INCREMENT,
                    one,
                    ResultReason.PERMISSION_DENIED);
            refused(other, uid, "x-counter", AdjustmentType.DECREMENT, one, ResultReason.PERMISSION_DENIED);
            refused(s, "no-such-object", "x-counter", AdjustmentType.DECREMENT, one, ResultReason.OBJECT_NOT_FOUND);
            assertThat(item(s, uid, "x-counter"))
                    .as("no refusal changed it")
                    .contains(Ttlv.integer(0, Integer.MAX_VALUE));

            ResponseBatchItem twice = s.call(
                    V,
                    Operation.ADD_ATTRIBUTE,
                    new AddAttribute.Request(UniqueIdentifier.of(uid), Requests.name("second-" + System.nanoTime())));
            assertThat(twice.isSuccess()).as(twice.resultMessage()).isTrue();
            refused(s, uid, "Name", AdjustmentType.INCREMENT, one, ResultReason.MULTI_VALUED_ATTRIBUTE);
        }
    }

    @Test
    void aBindingIsNotAdjustableEvenByAnAdministrator() {
        try (var s = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = register(s);
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            refused(
                    admin,
                    uid,
                    AttributeNames.X_ATTESTATION_POLICY,
                    AdjustmentType.NEGATE,
                    null,
                    ResultReason.INVALID_DATA_TYPE);
            assertThat(item(s, uid, AttributeNames.X_ATTESTATION_POLICY)).contains(Ttlv.text(0, "vm-disk"));
        }
    }

    private static String register(EngineFixture.Session s, Attribute... attributes) {
        Register.Request r = Requests.symmetricKey(new byte[16], attributes);
        ResponseBatchItem item = s.call(V, Operation.REGISTER, r);
        assertThat(item.isSuccess()).as(item.resultMessage()).isTrue();
        return item.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
    }

    private static void ok(
            EngineFixture.Session s, String uid, String name, AdjustmentType type, @Nullable Ttlv value) {
        ResponseBatchItem r = adjust(s, uid, name, type, value);
        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
        assertThat(r.payload(AdjustAttribute.Response.class).orElseThrow().uniqueIdentifier())
                .isEqualTo(uid);
    }

    private static void refused(
            EngineFixture.Session s,
            String uid,
            String name,
            AdjustmentType type,
            @Nullable Ttlv value,
            ResultReason reason) {
        ResponseBatchItem r = adjust(s, uid, name, type, value);
        assertThat(r.resultReason()).as(name + ": " + r.resultMessage()).isEqualTo(EnumCode.of(reason));
    }

    private static ResponseBatchItem adjust(
            EngineFixture.Session s, String uid, String name, AdjustmentType type, @Nullable Ttlv value) {
        return s.call(
                V,
                Operation.ADJUST_ATTRIBUTE,
                new AdjustAttribute.Request(UniqueIdentifier.of(uid), name, EnumCode.of(type), value));
    }

    /** The attribute's one item, tag-neutral (0 stands for "any tag": compared retagged). */
    private static Optional<Ttlv> item(EngineFixture.Session s, String uid, String name) {
        Attributes a = s.call(
                        V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(name)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
        return a.first(name).flatMap(Attribute::item).map(t -> retag(t));
    }

    private static Ttlv retag(Ttlv t) {
        return dev.snpkm.kmip.attribute.ItemValue.of(t).toTtlv(0);
    }
}
