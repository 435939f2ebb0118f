package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.GetAttributeList;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ObtainLease;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Lease Time and Obtain Lease through the engine over TLS: new cryptographic objects carry the server's Lease Time,
 * which clients cannot set; Obtain Lease follows Get's access rules and the ID Placeholder, and never asks the gate
 * or serves material, so a bound key gains no route out through it.
 */
class ObtainLeaseTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final long DEFAULT_LEASE = ServerServices.DEFAULT_LEASE_TIME.toSeconds();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void theOwnerGetsTheLeaseTimeAndTheLastChangeDate() {
        try (var s = server.session(server.owner)) {
            String uid = create(s);
            Attributes a = attributes(s, uid);
            assertThat(a.item("Lease Time", Ttlv.Interval.class).orElseThrow().seconds())
                    .isEqualTo(DEFAULT_LEASE);

            ObtainLease.Response lease = s.call(
                            V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid)))
                    .payload(ObtainLease.Response.class)
                    .orElseThrow();
            assertThat(lease.uniqueIdentifier()).isEqualTo(uid);
            assertThat(lease.leaseTimeSeconds()).isEqualTo(DEFAULT_LEASE);
            assertThat(lease.lastChangeDate())
                    .isEqualTo(a.item("Last Change Date", Ttlv.DateTime.class)
                            .orElseThrow()
                            .epochSeconds());
        }
    }

    @Test
    void leaseTimeIsListedAndOnlyTheServerSetsIt() {
        try (var s = server.session(server.owner)) {
            String uid = create(s);
            List<String> names = s.call(
                            KmipVersion.V1_4,
                            Operation.GET_ATTRIBUTE_LIST,
                            new GetAttributeList.Request(UniqueIdentifier.of(uid)))
                    .payload(GetAttributeList.Response.class)
                    .orElseThrow()
                    .attributeNames();
            assertThat(names).contains("Lease Time");

            var lease = dev.snpkm.kmip.attribute.Attribute.of("Lease Time", Ttlv.interval(Tag.ATTRIBUTE_VALUE, 60));
            assertThat(s.call(V, Operation.SET_ATTRIBUTE, new SetAttribute.Request(UniqueIdentifier.of(uid), lease))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
            assertThat(s.call(V, Operation.CREATE, Requests.aes(128, lease)).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ATTRIBUTE_READ_ONLY));
        }
    }

    @Test
    void anotherClientsObjectIsPermissionDeniedAndAMissingOneIsNotFound() {
        try (var owner = server.session(server.owner);
                var other = server.session(server.other)) {
            String uid = create(owner);
            ResponseBatchItem denied =
                    other.call(V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid)));
            assertThat(denied.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));

            ObtainLease.Request missing = new ObtainLease.Request(UniqueIdentifier.of("no-such-object"));
            assertThat(owner.call(KmipVersion.V1_4, Operation.OBTAIN_LEASE, missing)
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.ITEM_NOT_FOUND));
            assertThat(owner.call(V, Operation.OBTAIN_LEASE, missing).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));
        }
    }

    @Test
    void anOmittedIdentifierIsTheIdPlaceholder() {
        try (var s = server.session(server.owner)) {
            ResponseMessage r = s.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(Operation.CREATE, Requests.aes(256))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(Operation.OBTAIN_LEASE, new ObtainLease.Request(null))
                                    .withId(Bytes.ofHex("02"))));
            assertThat(r.batchItems())
                    .allSatisfy(
                            i -> assertThat(i.isSuccess()).as(i.resultMessage()).isTrue());
            String created = r.batchItems()
                    .get(0)
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            ObtainLease.Response lease =
                    r.batchItems().get(1).payload(ObtainLease.Response.class).orElseThrow();
            assertThat(lease.uniqueIdentifier()).isEqualTo(created);
            assertThat(lease.leaseTimeSeconds()).isEqualTo(DEFAULT_LEASE);
        }
    }

    @Test
    void destroyedAndNonCryptographicObjectsGetNoLease() {
        try (var s = server.session(server.owner)) {
            String uid = create(s);
            assertThat(s.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)))
                            .isSuccess())
                    .isTrue();
            assertThat(s.call(V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.WRONG_KEY_LIFECYCLE_STATE));

            String opaque = s.call(
                            V,
                            Operation.REGISTER,
                            Register.Request.of(
                                    new ManagedObject.OpaqueObject(0x80000001, Secret.of(new byte[] {1, 2, 3})),
                                    Attributes.EMPTY))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(attributes(s, opaque).first("Lease Time")).isEmpty();
            assertThat(s.call(V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(opaque)))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.INVALID_OBJECT_TYPE));
        }
    }

    @Test
    void aBoundKeysLeaseNeitherAsksTheGateNorServesIt() {
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String uid = create(owner);
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            server.gate.seen.clear();

            ResponseBatchItem r =
                    owner.call(V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid)));
            assertThat(r.isSuccess()).isTrue();
            assertThat(server.gate.seen).as("no release was asked for").isEmpty();
            assertThat(attributes(owner, uid)
                            .item("Fresh", Ttlv.BooleanItem.class)
                            .orElseThrow()
                            .value())
                    .as("not served: still Fresh")
                    .isTrue();
        }
    }

    @Test
    void queryListsObtainLease() {
        try (var s = server.session(server.owner)) {
            for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                assertThat(s.call(
                                        v,
                                        Operation.QUERY,
                                        new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OPERATIONS))))
                                .payload(Query.Response.class)
                                .orElseThrow()
                                .operations())
                        .contains(EnumCode.of(Operation.OBTAIN_LEASE));
            }
        }
    }

    @Test
    void theConfiguredLeaseTimeIsTheOneGranted(@TempDir java.nio.file.Path other) {
        try (EngineFixture configured = EngineFixture.start(other, Duration.ofMinutes(2));
                var s = configured.session(configured.owner)) {
            String uid = create(s);
            assertThat(attributes(s, uid)
                            .item("Lease Time", Ttlv.Interval.class)
                            .orElseThrow()
                            .seconds())
                    .isEqualTo(120);
            assertThat(s.call(V, Operation.OBTAIN_LEASE, new ObtainLease.Request(UniqueIdentifier.of(uid)))
                            .payload(ObtainLease.Response.class)
                            .orElseThrow()
                            .leaseTimeSeconds())
                    .isEqualTo(120);
        }
        assertThatThrownBy(() -> EngineFixture.start(other.resolve("zero"), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class);
    }

    private static String create(EngineFixture.Session s) {
        return s.call(V, Operation.CREATE, Requests.aes(256))
                .payload(Create.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static Attributes attributes(EngineFixture.Session s, String uid) {
        return s.call(V, Operation.GET_ATTRIBUTES, new GetAttributes.Request(UniqueIdentifier.of(uid), List.of()))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes();
    }
}
