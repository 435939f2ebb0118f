package dev.snpkm.server.engine;

import static dev.snpkm.server.testing.Requests.activeSince;
import static dev.snpkm.server.testing.Requests.binding;
import static dev.snpkm.server.testing.Requests.usage;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.BlockCipherMode;
import dev.snpkm.kmip.enums.CertificateType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.DerivationMethod;
import dev.snpkm.kmip.enums.EndpointRole;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.enums.UsageLimitsUnit;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.AdjustAttribute;
import dev.snpkm.kmip.payload.Archive;
import dev.snpkm.kmip.payload.Certify;
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.Decrypt;
import dev.snpkm.kmip.payload.DeriveKey;
import dev.snpkm.kmip.payload.Encrypt;
import dev.snpkm.kmip.payload.Export;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.GetUsageAllocation;
import dev.snpkm.kmip.payload.Import;
import dev.snpkm.kmip.payload.JoinSplitKey;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Mac;
import dev.snpkm.kmip.payload.MacVerify;
import dev.snpkm.kmip.payload.ReKeyKeyPair;
import dev.snpkm.kmip.payload.Recover;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.SetEndpointRole;
import dev.snpkm.kmip.payload.Sign;
import dev.snpkm.kmip.payload.SignatureVerify;
import dev.snpkm.kmip.payload.StreamIndicators;
import dev.snpkm.kmip.payload.Validate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.ObjectReads;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestChains;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The no-bypass rule of {@link AttestationBindingTest} for the cryptographic services and the KMIP 2.x Export and
 * Import, through real TLS: a bound key is never used by Encrypt (also as a key wrap), Decrypt, Sign, Signature Verify,
 * MAC, MAC Verify or Derive Key (as the base), never split (Create Split Key), re-keyed as a pair (Re-key Key Pair),
 * joined (a bound part), exported, or replaced by an Import, whoever asks (owner or administrator), in
 * whichever version, named directly, through the ID Placeholder, or bound in the middle of a stream; each refusal is
 * Permission Denied naming the binding, recorded through the gate's refusal log, and never a release the gate is asked
 * for. Every refused request succeeds on an identical unbound key, so the binding alone is what refuses it.
 */
class AttestationBindingServicesTest {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final byte[] DATA = "sixteen byte blk".getBytes();
    private static final CryptographicParameters GCM = CryptographicParameters.builder()
            .blockCipherMode(BlockCipherMode.GCM)
            .build();
    private static final CryptographicParameters OAEP = CryptographicParameters.builder()
            .paddingMethod(PaddingMethod.OAEP)
            .hashingAlgorithm(HashingAlgorithm.SHA_256)
            .build();
    private static final CryptographicParameters PSS = CryptographicParameters.builder()
            .paddingMethod(PaddingMethod.PSS)
            .hashingAlgorithm(HashingAlgorithm.SHA_256)
            .build();
    private static final CryptographicParameters HMAC = CryptographicParameters.builder()
            .cryptographicAlgorithm(CryptographicAlgorithm.HMAC_SHA256)
            .build();

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    static KeyPair rsa;
    private static final TestChains.Chain CHAIN = TestChains.generate("no-bypass");

    @BeforeAll
    static void generateRsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        rsa = g.generateKeyPair();
    }

    @BeforeEach
    void gateWouldReleaseAnything() {
        // Even a gate that approves everything is never consulted: no service is a release route.
        server.gate.answer(r -> new ReleaseDecision.Release(r.policyName(), true));
        server.gate.seen.clear();
        server.gate.refusals.clear();
    }

    /** One service request, built for the key (or pair) it names. */
    record Route(Operation op, Function<Keys, RequestPayload> request) {}

    /** A fully usable AES key and RSA pair (every bit, Active), bound or not. */
    record Keys(String aes, String privateKey, String publicKey) {}

    static final List<Route> ROUTES = List.of(
            new Route(Operation.ENCRYPT, k -> Encrypt.Request.of(k.aes(), GCM, DATA)),
            new Route(
                    Operation.DECRYPT,
                    k -> Decrypt.Request.of(
                            k.aes(),
                            CryptographicParameters.builder()
                                    .blockCipherMode(BlockCipherMode.ECB)
                                    .build(),
                            DATA,
                            null)),
            new Route(Operation.MAC, k -> Mac.Request.of(k.aes(), HMAC, DATA)),
            new Route(Operation.MAC_VERIFY, k -> MacVerify.Request.of(k.aes(), HMAC, DATA, new byte[32])),
            new Route(Operation.ENCRYPT, k -> Encrypt.Request.of(k.publicKey(), OAEP, DATA)),
            new Route(Operation.SIGN, k -> Sign.Request.of(k.privateKey(), PSS, DATA)),
            new Route(
                    Operation.SIGN,
                    k -> new Sign.Request(
                            UniqueIdentifier.of(k.privateKey()), PSS, null, Bytes.of(new byte[32]), null)),
            new Route(
                    Operation.SIGNATURE_VERIFY,
                    k -> SignatureVerify.Request.of(k.publicKey(), PSS, DATA, new byte[256])),
            new Route(
                    Operation.ENCRYPT,
                    k -> Encrypt.Request.of(
                            k.aes(),
                            CryptographicParameters.builder()
                                    .blockCipherMode(BlockCipherMode.NIST_KEY_WRAP)
                                    .build(),
                            DATA)),
            new Route(
                    Operation.DERIVE_KEY,
                    k -> new DeriveKey.Request(
                            EnumCode.of(ObjectType.SYMMETRIC_KEY),
                            List.of(UniqueIdentifier.of(k.aes())),
                            EnumCode.of(DerivationMethod.HMAC),
                            new DeriveKey.Parameters(
                                    CryptographicParameters.builder()
                                            .hashingAlgorithm(HashingAlgorithm.SHA_256)
                                            .build(),
                                    null,
                                    Bytes.of(DATA),
                                    null,
                                    null),
                            Attributes.of(
                                    AttributeFactory.enumeration(
                                            "Cryptographic Algorithm", CryptographicAlgorithm.AES.value()),
                                    AttributeFactory.integer("Cryptographic Length", 128)))),
            new Route(
                    Operation.DERIVE_KEY,
                    k -> new DeriveKey.Request(
                            EnumCode.of(ObjectType.SECRET_DATA),
                            List.of(UniqueIdentifier.of(k.aes())),
                            EnumCode.of(DerivationMethod.PBKDF2),
                            new DeriveKey.Parameters(null, null, null, Bytes.of(DATA), 2),
                            Attributes.of(AttributeFactory.integer("Cryptographic Length", 256)))),
            // KMIP 2.x Export and Import: a bound key never leaves, and is never replaced (last: the control replaces
            // the unbound key with the same material, usage and dates, so it stays usable)
            new Route(Operation.EXPORT, k -> Export.Request.of(k.aes())),
            new Route(Operation.EXPORT, k -> Export.Request.of(k.privateKey())),
            new Route(
                    Operation.IMPORT,
                    k -> Import.Request.of(
                            k.aes(),
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(DATA, CryptographicAlgorithm.AES, DATA.length * 8)),
                            Attributes.of(allUsage(), activeSince(Instant.now().minusSeconds(60))),
                            true)));

    @Test
    void everyServiceOnABoundKeyIsPermissionDeniedForOwnerAndAdministratorInBothVersions() {
        Keys unbound = keys(false);
        Keys bound = keys(true);
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            for (Route r : ROUTES) {
                assertThat(owner.call(V, r.op(), r.request().apply(unbound)).isSuccess())
                        .as("control: %s on the unbound key", r.op())
                        .isTrue();
                for (var who : List.of(owner, admin)) {
                    for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                        ResponseBatchItem refused =
                                who.call(v, r.op(), r.request().apply(bound));
                        assertThat(refused.resultReason())
                                .as("%s %s", r.op(), v)
                                .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                        assertThat(refused.resultMessage()).contains("bound to attestation policy 'vm-disk'");
                        assertThat(refused.payload()).isNull();
                    }
                }
            }
        }
        assertThat(server.gate.seen)
                .as("no service asks the gate for a release")
                .isEmpty();
        assertThat(server.gate.refusals)
                .as("every refusal is recorded")
                .hasSize(ROUTES.size() * 4)
                .allSatisfy(m -> assertThat(m).contains("bound"));
    }

    @Test
    void splitJoinAndReKeyKeyPairNeverUseABoundKey() {
        Keys unbound = keys(false);
        Keys bound = keys(true);
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            assertThat(owner.call(V, Operation.CREATE_SPLIT_KEY, split(unbound.aes()))
                            .isSuccess())
                    .as("control: Create Split Key of the unbound key")
                    .isTrue();
            ResponseBatchItem reKeyed =
                    owner.call(V, Operation.RE_KEY_KEY_PAIR, ReKeyKeyPair.Request.of(unbound.privateKey()));
            assertThat(reKeyed.isSuccess())
                    .as("control: Re-key Key Pair of the unbound pair: %s", reKeyed.resultMessage())
                    .isTrue();
            List<String> parts = owner.call(V, Operation.CREATE_SPLIT_KEY, split(unbound.aes()))
                    .payload(CreateSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(parts.get(1)), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();
            for (var who : List.of(owner, admin)) {
                for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                    List<ResponseBatchItem> refused = List.of(
                            who.call(v, Operation.CREATE_SPLIT_KEY, split(bound.aes())),
                            who.call(v, Operation.RE_KEY_KEY_PAIR, ReKeyKeyPair.Request.of(bound.privateKey())),
                            who.call(
                                    v,
                                    Operation.JOIN_SPLIT_KEY,
                                    JoinSplitKey.Request.of(ObjectType.SYMMETRIC_KEY, parts)));
                    for (ResponseBatchItem r : refused) {
                        assertThat(r.resultReason())
                                .as("%s: %s", v, r.resultMessage())
                                .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                        assertThat(r.resultMessage()).contains("bound to attestation policy 'vm-disk'");
                        assertThat(r.payload()).isNull();
                    }
                }
            }
        }
        assertThat(server.gate.seen)
                .as("no split, join or re-key asks the gate for a release")
                .isEmpty();
        assertThat(server.gate.refusals).as("every refusal is recorded").hasSize(3 * 4);
    }

    private static CreateSplitKey.Request split(String uid) {
        return CreateSplitKey.Request.of(uid, ObjectType.SYMMETRIC_KEY, 2, 2, SplitKeyMethod.XOR);
    }

    @Test
    void aBoundKeyReachedThroughTheIdPlaceholderIsRefused() {
        Keys bound = keys(true);
        try (var owner = server.session(server.owner)) {
            ResponseMessage r = owner.send(
                    RequestHeader.builder(V).build(),
                    List.of(
                            RequestBatchItem.of(
                                            Operation.LOCATE,
                                            Locate.Request.of(Attributes.of(Requests.name("bound-aes-" + bound.aes()))))
                                    .withId(Bytes.ofHex("01")),
                            RequestBatchItem.of(
                                            Operation.ENCRYPT,
                                            new Encrypt.Request(null, GCM, Secret.of(DATA), null, null, null))
                                    .withId(Bytes.ofHex("02"))));
            assertThat(r.batchItems().get(0).isSuccess())
                    .as(r.batchItems().get(0).resultMessage())
                    .isTrue();
            assertThat(r.batchItems().get(1).resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    void bindingAKeyMidStreamStopsTheStream() {
        Keys keys = keys(false);
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            Encrypt.Response first = owner.call(
                            V,
                            Operation.ENCRYPT,
                            new Encrypt.Request(
                                    UniqueIdentifier.of(keys.aes()),
                                    GCM,
                                    Secret.of(DATA),
                                    null,
                                    new StreamIndicators(null, true, null),
                                    null))
                    .payload(Encrypt.Response.class)
                    .orElseThrow();
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(keys.aes()), binding("vm-disk")))
                            .isSuccess())
                    .isTrue();

            ResponseBatchItem next = owner.call(
                    V,
                    Operation.ENCRYPT,
                    new Encrypt.Request(
                            null,
                            GCM,
                            Secret.of(DATA),
                            null,
                            new StreamIndicators(first.correlationValue(), null, true),
                            null));
            assertThat(next.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(next.payload()).isNull();
        }
    }

    @Test
    void theOtherKmip2OperationsNeitherBindNorUnbindNorReleaseAKey() {
        Keys bound = keys(true);
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            // Import cannot create a bound key behind the administrators' backs.
            ResponseBatchItem ownerBinds = owner.call(
                    V,
                    Operation.IMPORT,
                    Import.Request.of(
                            "imported-bound-" + bound.aes(),
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(DATA, CryptographicAlgorithm.AES, DATA.length * 8)),
                            Attributes.of(binding("vm-disk")),
                            false));
            assertThat(ownerBinds.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            // An administrator may import a bound key, as Register allows; it is then as bound as any other.
            String adminBound = "imported-by-admin-" + bound.aes();
            ResponseBatchItem adminImports = admin.call(
                    V,
                    Operation.IMPORT,
                    Import.Request.of(
                            adminBound,
                            new ManagedObject.SymmetricKey(
                                    KeyBlock.raw(DATA, CryptographicAlgorithm.AES, DATA.length * 8)),
                            Attributes.of(binding("vm-disk")),
                            false));
            assertThat(adminImports.isSuccess())
                    .as(adminImports.resultMessage())
                    .isTrue();
            assertThat(admin.call(V, Operation.EXPORT, Export.Request.of(adminBound))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            assertThat(owner.call(V, Operation.GET, Get.Request.of("imported-bound-" + bound.aes()))
                            .resultReason())
                    .as("nothing was stored")
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_NOT_FOUND));

            // Adjust Attribute cannot unbind (owner: Permission Denied; administrator: a binding is no number).
            for (var who : List.of(owner, admin)) {
                ResponseBatchItem adjust = who.call(
                        V,
                        Operation.ADJUST_ATTRIBUTE,
                        new AdjustAttribute.Request(
                                UniqueIdentifier.of(bound.aes()),
                                "x-attestation-policy",
                                EnumCode.of(AdjustmentType.NEGATE),
                                null));
                assertThat(adjust.isSuccess()).isFalse();
            }
            assertThat(owner.call(
                                    V,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(
                                            UniqueIdentifier.of(bound.aes()), List.of("x-attestation-policy")))
                            .payload(GetAttributes.Response.class)
                            .orElseThrow()
                            .attributes()
                            .text("x-attestation-policy"))
                    .contains("vm-disk");

            // Set Endpoint Role cannot turn the server into a client that would push objects (Put, Notify).
            ResponseBatchItem role = owner.call(
                    V, Operation.SET_ENDPOINT_ROLE, new SetEndpointRole.Request(EnumCode.of(EndpointRole.CLIENT)));
            assertThat(role.resultReason()).isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
        }
        assertThat(server.gate.seen)
                .as("none of them asks the gate for a release")
                .isEmpty();
    }

    private static Attribute allUsage() {
        return usage(
                CryptographicUsageMask.ENCRYPT,
                CryptographicUsageMask.DECRYPT,
                CryptographicUsageMask.SIGN,
                CryptographicUsageMask.VERIFY,
                CryptographicUsageMask.MAC_GENERATE,
                CryptographicUsageMask.MAC_VERIFY,
                CryptographicUsageMask.DERIVE_KEY);
    }

    /**
     * Archive, Recover, Get Usage Allocation and Validate on a bound object: Archive and Get Usage Allocation are
     * Permission Denied (the key stays on the attested route, and nothing is allocated from a key no service may use),
     * Validate refuses a bound certificate, a bound key can neither be archived nor an archived key be bound, and
     * Recover of a bound key changes nothing, its binding least of all. Each succeeds on the unbound twin.
     */
    @Test
    void archiveRecoverUsageAllocationAndValidateGiveABoundObjectNoRouteOut() {
        Attribute limits = Attribute.of(
                AttributeNames.USAGE_LIMITS, new UsageLimits(10L, null, EnumCode.of(UsageLimitsUnit.OBJECT)));
        Attribute active = activeSince(Instant.now().minusSeconds(60));
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String[] aes = new String[2];
            String[] cert = new String[2];
            for (int i = 0; i < 2; i++) {
                aes[i] = owner.call(
                                V,
                                Operation.REGISTER,
                                Requests.symmetricKey(DATA, usage(CryptographicUsageMask.ENCRYPT), active, limits))
                        .payload(Register.Response.class)
                        .orElseThrow()
                        .uniqueIdentifier();
                cert[i] = register(
                        owner,
                        new ManagedObject.Certificate(
                                EnumCode.of(CertificateType.X_509),
                                Bytes.of(CHAIN.root().der())));
            }
            for (String uid : List.of(aes[1], cert[1])) {
                assertThat(admin.call(
                                        V,
                                        Operation.ADD_ATTRIBUTE,
                                        new AddAttribute.Request(UniqueIdentifier.of(uid), binding("vm-disk")))
                                .isSuccess())
                        .isTrue();
            }
            List<Route> routes = List.of(
                    new Route(Operation.GET_USAGE_ALLOCATION, k -> GetUsageAllocation.Request.of(k.aes(), 1)),
                    new Route(Operation.ARCHIVE, k -> new Archive.Request(UniqueIdentifier.of(k.aes()))),
                    new Route(
                            Operation.VALIDATE,
                            k -> new Validate.Request(List.of(), List.of(UniqueIdentifier.of(k.publicKey())), null)));
            Keys unbound = new Keys(aes[0], "", cert[0]);
            Keys bound = new Keys(aes[1], "", cert[1]);
            for (Route r : routes) {
                ResponseBatchItem control = owner.call(V, r.op(), r.request().apply(unbound));
                assertThat(control.isSuccess())
                        .as("control: %s: %s", r.op(), control.resultMessage())
                        .isTrue();
                for (var who : List.of(owner, admin)) {
                    for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                        ResponseBatchItem refused =
                                who.call(v, r.op(), r.request().apply(bound));
                        assertThat(refused.resultReason())
                                .as("%s %s", r.op(), v)
                                .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                        assertThat(refused.resultMessage()).contains("bound to attestation policy 'vm-disk'");
                    }
                }
            }
            // Certify is off on this server (no issuing CA): a bound object still learns it is bound.
            Certify.Request certifyUnbound =
                    new Certify.Request(UniqueIdentifier.of(cert[0]), null, null, Attributes.EMPTY, null);
            assertThat(owner.call(V, Operation.CERTIFY, certifyUnbound).resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.OPERATION_NOT_SUPPORTED));
            for (KmipVersion v : List.of(KmipVersion.V1_4, V)) {
                assertThat(owner.call(
                                        v,
                                        Operation.CERTIFY,
                                        new Certify.Request(
                                                UniqueIdentifier.of(cert[1]), null, null, Attributes.EMPTY, null))
                                .resultReason())
                        .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
            }
            // Another client learns neither whether a key is bound nor to which policy: the usual Permission Denied.
            try (var other = server.session(server.other)) {
                for (String uid : List.of(cert[0], cert[1])) {
                    ResponseBatchItem probe = other.call(
                            V,
                            Operation.CERTIFY,
                            new Certify.Request(UniqueIdentifier.of(uid), null, null, Attributes.EMPTY, null));
                    assertThat(probe.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
                    assertThat(probe.resultMessage())
                            .contains("belongs to another client")
                            .doesNotContain("vm-disk");
                }
            }
            assertThat(ObjectReads.usageLimitsCount(owner, aes[1]))
                    .as("nothing was allocated from the bound key")
                    .isEqualTo(10);
            assertThat(admin.call(
                                    V,
                                    Operation.ADD_ATTRIBUTE,
                                    new AddAttribute.Request(UniqueIdentifier.of(aes[0]), binding("vm-disk")))
                            .resultReason())
                    .as("the archived twin cannot be bound either")
                    .isEqualTo(EnumCode.of(ResultReason.OBJECT_ARCHIVED));
            assertThat(owner.call(V, Operation.RECOVER, new Recover.Request(UniqueIdentifier.of(aes[1])))
                            .isSuccess())
                    .isTrue();
            assertThat(owner.call(
                                    V,
                                    Operation.GET_ATTRIBUTES,
                                    new GetAttributes.Request(UniqueIdentifier.of(aes[1]), List.of()))
                            .payload(GetAttributes.Response.class)
                            .orElseThrow()
                            .attributes()
                            .text("x-attestation-policy"))
                    .as("Recover keeps the binding")
                    .contains("vm-disk");
            assertThat(owner.call(V, Operation.ENCRYPT, Encrypt.Request.of(aes[1], GCM, DATA))
                            .resultReason())
                    .isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
        assertThat(server.gate.seen)
                .as("none of them asks the gate for a release")
                .isEmpty();
        assertThat(server.gate.refusals)
                .as("every refusal is recorded")
                .hasSize(3 * 4 + 2 + 1)
                .allSatisfy(m -> assertThat(m).contains("bound"));
    }

    /** The owner creates the keys with every usage bit and Active; the administrator binds them if asked. */
    private static Keys keys(boolean bind) {
        Attribute active = activeSince(Instant.now().minusSeconds(60));
        Attribute all = allUsage();
        try (var owner = server.session(server.owner);
                var admin = server.session(server.admin)) {
            String aes = owner.call(V, Operation.REGISTER, Requests.symmetricKey(DATA, all, active))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            // The RSA pair is generated here, once, not by Create Key Pair: key generation on a loaded machine can
            // outlast the test connection's read timeout.
            String privateKey = register(
                    owner,
                    new ManagedObject.PrivateKey(
                            rsaBlock(KeyFormatType.PKCS_8, rsa.getPrivate().getEncoded())),
                    all,
                    active);
            String publicKey = register(
                    owner,
                    new ManagedObject.PublicKey(
                            rsaBlock(KeyFormatType.X_509, rsa.getPublic().getEncoded())),
                    all,
                    active);
            Keys k = new Keys(aes, privateKey, publicKey);
            if (bind) {
                for (String uid : List.of(k.aes(), k.privateKey(), k.publicKey())) {
                    List<Attribute> add = new ArrayList<>(List.of(binding("vm-disk")));
                    if (uid.equals(k.aes())) {
                        add.add(Requests.name("bound-aes-" + uid));
                    }
                    for (Attribute a : add) {
                        ResponseBatchItem r = admin.call(
                                V, Operation.ADD_ATTRIBUTE, new AddAttribute.Request(UniqueIdentifier.of(uid), a));
                        assertThat(r.isSuccess()).as(r.resultMessage()).isTrue();
                    }
                }
            }
            return k;
        }
    }

    private static String register(EngineFixture.Session s, ManagedObject o, Attribute... attributes) {
        return s.call(V, Operation.REGISTER, Register.Request.of(o, Attributes.of(attributes)))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static KeyBlock rsaBlock(KeyFormatType format, byte[] der) {
        return new KeyBlock(
                EnumCode.of(format),
                null,
                KeyValue.Plain.of(KeyMaterial.Raw.of(der)),
                EnumCode.of(CryptographicAlgorithm.RSA),
                2048,
                null);
    }
}
