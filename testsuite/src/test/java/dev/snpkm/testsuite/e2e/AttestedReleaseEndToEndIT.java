package dev.snpkm.testsuite.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.client.BatchResult;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.TestKeyServer;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.client.attestation.UnboundKeyException;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.RawPayload;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.release.ReportDataBinding;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.audit.AuditChainVerifier;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.release.NonceKeys;
import dev.snpkm.server.testing.RecordedAuditLog;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.verify.ReportVerifier;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The done-when: a simulated SNP guest obtains its disk key from the real server over real TLS through the
 * REAL gate (real verifier trusting the test AMD hierarchy, nonces and audit in the server's H2 file, a policy file),
 * and every bypass attempt fails with the right Result Reason, is audited, and is counted.
 */
@Timeout(90)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AttestedReleaseEndToEndIT {
    static final byte[] GOOD = filled(48, 0x5C);
    static final byte[] OTHER = filled(48, 0x11);
    static final long DEBUG_BIT = 1L << 19;

    @TempDir
    static Path dir;

    static TestKeyServer kms;
    static PrometheusMeterRegistry prometheus;
    static RecordedAuditLog audit;
    static KmipClient guest;
    static KmipClient admin;
    static EphemeralWrappingKey vmKey;
    static EphemeralWrappingKey vmEcKey;
    static byte[] dek;
    static dev.snpkm.server.store.Database store;

    @BeforeAll
    static void start() throws Exception {
        prometheus = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        Path policyFile = dir.resolve("policies.yaml");
        Files.writeString(
                policyFile,
                "policies:\n"
                        + "  prod:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD) + "\"]\n"
                        + "    allow-debug: false\n    allow-unwrapped-release: false\n"
                        + "  other:\n    measurements: [\"" + HexFormat.of().formatHex(OTHER) + "\"]\n"
                        + "    allow-unwrapped-release: false\n"
                        + "  strict:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD) + "\"]\n"
                        + "    minimum-wrapping-strength: 192\n");
        Clock clock = Clock.systemUTC();
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(policyFile, clock);
        kms = TestKeyServer.start(
                dir,
                parts -> {
                    store = parts.database();
                    audit = new RecordedAuditLog(parts.audit()); // the gate's records, in the server's one chain
                    return AttestedReleaseGate.builder()
                            .nonces(parts.nonces())
                            .verifier(ReportVerifier.builder()
                                    .roots(TestAmdHierarchy.get().rootStore())
                                    .clock(clock)
                                    .build())
                            .policies(policies)
                            .auditor(new ReleaseAuditor(audit))
                            .metrics(new ReleaseMetrics(prometheus))
                            .clock(clock)
                            .random(new SecureRandom())
                            .nonceKey(NonceKeys.fresh())
                            .build();
                },
                prometheus);
        guest = kms.client(kms.owner);
        admin = kms.client(kms.admin);
        vmKey = EphemeralWrappingKey.generate(ReleaseWrapping.RSA_OAEP_SHA256);
        vmEcKey = EphemeralWrappingKey.generate(ReleaseWrapping.ECDH_P384_AES_KW);
        dek = new byte[32];
        new SecureRandom().nextBytes(dek);
    }

    @AfterAll
    static void stop() {
        guest.close();
        admin.close();
        kms.close();
    }

    /** The owner (the VM's identity) registers a known DEK; the administrator binds it to a policy. */
    static String boundDek(byte[] material, String policy) throws Exception {
        String uid = guest.register(
                new ManagedObject.SymmetricKey(KeyBlock.raw(material, CryptographicAlgorithm.AES, material.length * 8)),
                Attributes.EMPTY);
        admin.addAttribute(uid, KeyAttributes.custom("x-attestation-policy", policy));
        return uid;
    }

    static AttestedKeyFetcher fetcher(UnaryOperator<dev.snpkm.sev.testing.SnpReportBuilder> tweak) {
        return new AttestedKeyFetcher(guest, new SimulatedSnpGuest(GOOD, tweak), () -> vmKey);
    }

    static String registerVmKey() throws Exception {
        return registerVmKey(vmKey);
    }

    static String registerVmKey(EphemeralWrappingKey key) throws Exception {
        BatchResult r = guest.batch()
                .register(
                        new ManagedObject.PublicKey(new KeyBlock(
                                EnumCode.of(KeyFormatType.X_509),
                                null,
                                KeyValue.Plain.of(KeyMaterial.Raw.of(key.subjectPublicKeyInfo())),
                                EnumCode.of(key.wrapping().keyAlgorithm()),
                                key.cryptographicLength(),
                                null)),
                        Attributes.of(KeyAttributes.usage(CryptographicUsageMask.WRAP_KEY)))
                .activate(null)
                .execute()
                .requireSuccess();
        return r.payload(0, Register.Response.class).uniqueIdentifier();
    }

    static Get.Request wrappedTo(String uid, String wrappingUid) {
        return wrappedTo(uid, wrappingUid, null);
    }

    static Get.Request wrappedTo(String uid, String wrappingUid, CryptographicParameters p) {
        return Requests.getWrappedBy(uid, wrappingUid, p);
    }

    /** Round 1 by hand: the nonce the server issues for this object. */
    static Nonce challenge(String uid, String wrappingUid) throws Exception {
        return challenge(wrappedTo(uid, wrappingUid));
    }

    static Nonce challenge(Get.Request get) throws Exception {
        BatchResult r =
                guest.batch().attestationCapable(true).add(Operation.GET, get).execute();
        assertThat(r.item(0).resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_REQUIRED));
        return r.header().nonce();
    }

    static Credential.Attestation evidence(Nonce nonce, byte[] reportData) {
        SnpEvidence e = new SimulatedSnpGuest(GOOD, b -> b).report(reportData);
        return new Credential.Attestation(
                nonce,
                EnumCode.of(AttestationType.SEV_SNP_REPORT),
                Bytes.of(e.report()),
                Bytes.of(e.certificateTable()));
    }

    static ResponseBatchItem answer(String uid, String wrappingUid, Credential.Attestation c) throws Exception {
        return answer(wrappedTo(uid, wrappingUid), c);
    }

    static ResponseBatchItem answer(Get.Request get, Credential.Attestation c) throws Exception {
        return guest.batch()
                .attestationCapable(true)
                .credential(c)
                .add(Operation.GET, get)
                .execute()
                .item(0);
    }

    static void assertRefused(ThrowingCall call, ResultReason reason, String messagePart) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(KmipOperationException.class, e -> {
            assertThat(e.resultReason()).isEqualTo(EnumCode.of(reason));
            assertThat(e.resultMessage()).contains(messagePart);
        });
    }

    interface ThrowingCall {
        void run() throws Exception;
    }

    static AuditEvent lastDecision(int before) {
        List<AuditEvent> events = audit.since(before);
        assertThat(events).isNotEmpty();
        return events.get(events.size() - 1);
    }

    @Test
    @Order(1)
    void theAttestedGuestObtainsExactlyTheRegisteredDek() throws Exception {
        String uid = boundDek(dek, "prod");
        int before = audit.size();
        var publicKeys = Attributes.of(dev.snpkm.kmip.attribute.Attribute.of(
                "Object Type",
                new dev.snpkm.kmip.ttlv.Ttlv.Enumeration(
                        dev.snpkm.kmip.tags.Tag.ATTRIBUTE_VALUE, dev.snpkm.kmip.enums.ObjectType.PUBLIC_KEY.value())));
        List<String> keysBefore = guest.locate(publicKeys, 1000);
        Secret released = fetcher(b -> b).fetch(uid);
        try {
            assertThat(released.toByteArray()).isEqualTo(dek);
        } finally {
            released.destroy();
        }
        // Challenges are counted, not audited.
        assertThat(audit.since(before)).extracting(AuditEvent::outcome).containsExactly("released");
        assertThat(audit.since(before).get(0).objectUid()).isEqualTo(uid);
        // The ephemeral public key lived only for round 2's batch: Locate never shows it, not even as destroyed.
        assertThat(guest.locate(publicKeys, 1000)).containsExactlyInAnyOrderElementsOf(keysBefore);
    }

    @Test
    @Order(1)
    void roundOneWritesNothingAndAReleaseIsOneDurableCommit() throws Exception {
        String uid = boundDek(filled(32, 0x42), "prod"); // never served: the release also clears its Fresh flag
        long before = durableCommits();
        Nonce n = challenge(new Get.Request(UniqueIdentifier.of(uid), null, null, null, null));
        assertThat(n).isNotNull();
        assertThat(durableCommits() - before).as("durable commits for round 1").isZero();

        before = durableCommits();
        Secret released = fetcher(b -> b).fetch(uid);
        released.destroy();
        // Round 1 (0) + round 2: nonce consumed, release record and Fresh = false in one commit.
        assertThat(durableCommits() - before)
                .as("durable commits for a whole release")
                .isEqualTo(1);
        assertThat(guest.getAttributes(uid, "Fresh").item("Fresh", dev.snpkm.kmip.ttlv.Ttlv.BooleanItem.class))
                .map(dev.snpkm.kmip.ttlv.Ttlv.BooleanItem::value)
                .contains(false);
    }

    /**
     * Commits the store made durable (each waits for its group's fsync). Counted by the store, not from H2's chunk
     * writes: the syncer writes chunks on its own schedule, so a chunk count measured over one release also catches
     * the background syncs of earlier commits under load.
     */
    static long durableCommits() {
        return store.durability().commits();
    }

    @Test
    @Order(2)
    void aPlainGetIsDeniedToOwnerAndAdminAndAnAttestationCapableOneIsChallenged() throws Exception {
        String uid = boundDek(filled(32, 1), "prod");
        int before = audit.size();
        assertRefused(() -> guest.get(uid), ResultReason.PERMISSION_DENIED, "prod");
        assertRefused(() -> admin.get(uid), ResultReason.PERMISSION_DENIED, "prod");
        String wrap = registerVmKey();
        assertRefused(
                () -> guest.get(uid, wrappedTo(uid, wrap).keyWrappingSpecification()),
                ResultReason.PERMISSION_DENIED,
                "not attestation-capable");
        assertThat(challenge(uid, wrap)).isNotNull();
        // Round 1 names no wrapping key (it comes with the evidence): challenged; evidence without one is refused.
        BatchResult capable =
                admin.batch().attestationCapable(true).get(uid, null).execute();
        assertThat(capable.item(0).resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_REQUIRED));
        Nonce n = capable.header().nonce();
        ResponseBatchItem unwrapped = admin.batch()
                .attestationCapable(true)
                .credential(evidence(n, ReportDataBinding.reportData(n.value().toByteArray(), Optional.empty())))
                .get(uid, null)
                .execute()
                .item(0);
        assertThat(unwrapped.resultReason()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        assertThat(unwrapped.resultMessage()).contains("only wrapped");
        assertThat(audit.since(before)).extracting(AuditEvent::outcome).containsOnly("denied");
    }

    @Test
    @Order(3)
    void wrappingUnderASymmetricKeyTheAttackerHoldsIsDenied() throws Exception {
        String uid = boundDek(filled(32, 2), "prod");
        String kek = guest.create(
                CryptographicAlgorithm.AES,
                256,
                KeyAttributes.usage(CryptographicUsageMask.WRAP_KEY, CryptographicUsageMask.UNWRAP_KEY));
        guest.activate(kek);
        assertRefused(
                () -> guest.get(uid, wrappedTo(uid, kek).keyWrappingSpecification()),
                ResultReason.PERMISSION_DENIED,
                "public key");
        // Asking for AES key wrap (the ECDH route's parameters) under the attacker's own AES key changes nothing.
        int before = audit.size();
        assertRefused(
                () -> guest.get(
                        uid,
                        wrappedTo(uid, kek, ReleaseWrapping.ECDH_P384_AES_KW.parameters())
                                .keyWrappingSpecification()),
                ResultReason.PERMISSION_DENIED,
                "public key");
        assertThat(lastDecision(before).outcome()).isEqualTo("denied");
    }

    @Test
    @Order(4)
    void getAttributesReturnsNoMaterialAndReKeyAndMaterialOperationsAreDenied() throws Exception {
        byte[] material = filled(32, 0x7E);
        String uid = boundDek(material, "prod");
        Attributes all = guest.getAttributes(uid);
        assertThat(all.first("x-attestation-policy")).isPresent();
        assertThat(all.list())
                .noneMatch(a -> a.toString().contains(HexFormat.of().formatHex(material))
                        || a.toString().contains(Arrays.toString(material)));
        assertRefused(() -> guest.reKey(uid), ResultReason.PERMISSION_DENIED, "prod");
        for (Operation op : List.of(
                Operation.ENCRYPT,
                Operation.DECRYPT,
                Operation.SIGN,
                Operation.SIGNATURE_VERIFY,
                Operation.MAC,
                Operation.MAC_VERIFY,
                Operation.EXPORT)) {
            ResponseBatchItem r = guest.batch()
                    .add(
                            op,
                            new RawPayload(
                                    op == Operation.EXPORT // Export is served now: a well-formed one has no Data
                                            ? List.of(Ttlv.text(Tag.UNIQUE_IDENTIFIER, uid))
                                            : List.of(
                                                    Ttlv.text(Tag.UNIQUE_IDENTIFIER, uid),
                                                    Ttlv.bytes(0x4200C2, new byte[16]))))
                    .execute()
                    .item(0); // 0x4200C2: Data
            assertThat(r.resultReason()).as(op.name()).isEqualTo(EnumCode.of(ResultReason.PERMISSION_DENIED));
        }
    }

    @Test
    @Order(5)
    void locateThenGetThroughTheIdPlaceholderIsRefused() throws Exception {
        boundDek(filled(32, 3), "prod");
        admin.addAttribute(boundDek(filled(32, 4), "prod"), KeyAttributes.name("vm-42-disk"));
        BatchResult r = guest.batch()
                .locate(Attributes.of(KeyAttributes.name("vm-42-disk")), 1)
                .get(null, null)
                .execute();
        assertThat(r.item(0).isSuccess()).isTrue();
        assertThat(r.item(1).isSuccess()).isFalse();
        assertThat(r.item(1).payload()).isNull();
    }

    @Test
    @Order(6)
    void aNonceIssuedForAnotherKeyFailsAttestation() throws Exception {
        String target = boundDek(filled(32, 5), "prod");
        String decoy = boundDek(filled(32, 6), "other");
        String wrap = registerVmKey();
        Nonce decoyNonce = challenge(decoy, wrap);
        int before = audit.size();
        byte[] rd = ReportDataBinding.reportData(decoyNonce.value().toByteArray(), Optional.of(vmKey.publicKey()));
        ResponseBatchItem r = answer(target, wrap, evidence(decoyNonce, rd));
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_FAILED));
        assertThat(r.resultMessage()).contains("not issued to this client for this object");
        assertThat(lastDecision(before).outcome()).isEqualTo("denied");
    }

    @Test
    @Order(7)
    void aReplayedNonceFailsAttestation() throws Exception {
        String uid = boundDek(filled(32, 7), "prod");
        String wrap = registerVmKey();
        Nonce nonce = challenge(uid, wrap);
        Credential.Attestation c = evidence(
                nonce, ReportDataBinding.reportData(nonce.value().toByteArray(), Optional.of(vmKey.publicKey())));
        assertThat(answer(uid, wrap, c).isSuccess()).isTrue();
        int before = audit.size();
        ResponseBatchItem replay = answer(uid, wrap, c);
        assertThat(replay.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_FAILED));
        assertThat(replay.resultMessage()).contains("already used");
        assertThat(lastDecision(before).release().reason()).isEqualTo("NONCE_ALREADY_USED");
    }

    @Test
    @Order(8)
    void aDebugGuestFailsWithDebugEnabled() throws Exception {
        String uid = boundDek(filled(32, 8), "prod");
        int before = audit.size();
        assertRefused(
                () -> fetcher(b -> b.policy(0x30000L | DEBUG_BIT)).fetch(uid),
                ResultReason.ATTESTATION_FAILED,
                "DEBUG_ENABLED");
        assertThat(lastDecision(before).outcome()).isEqualTo("denied");
    }

    @Test
    @Order(9)
    void aReportBindingAnotherPublicKeyFailsWithReportDataMismatch() throws Exception {
        String uid = boundDek(filled(32, 9), "prod");
        String wrap = registerVmKey();
        Nonce nonce = challenge(uid, wrap);
        EphemeralWrappingKey attacker = EphemeralWrappingKey.generate();
        ResponseBatchItem r = answer(
                uid,
                wrap,
                evidence(
                        nonce,
                        ReportDataBinding.reportData(nonce.value().toByteArray(), Optional.of(attacker.publicKey()))));
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_FAILED));
        assertThat(r.resultMessage()).contains("REPORT_DATA_MISMATCH");
    }

    @Test
    @Order(10)
    void aNonAdministratorCannotModifyOrRemoveTheBinding() throws Exception {
        String uid = boundDek(filled(32, 10), "prod");
        assertRefused(
                () -> guest.modifyAttribute(uid, KeyAttributes.custom("x-attestation-policy", "lab")),
                ResultReason.PERMISSION_DENIED,
                "x-attestation-policy");
        assertRefused(
                () -> guest.deleteAttribute(uid, "x-attestation-policy"),
                ResultReason.PERMISSION_DENIED,
                "x-attestation-policy");
        assertThat(guest.getAttributes(uid, "x-attestation-policy").text("x-attestation-policy"))
                .contains("prod");
    }

    @ParameterizedTest
    @EnumSource(
            value = ReleaseWrapping.class,
            names = {"ECDH_P256_AES_KW", "ECDH_P384_AES_KW"})
    @Order(11)
    void theAttestedGuestObtainsExactlyTheRegisteredDekThroughEcdhAndAesKeyWrap(ReleaseWrapping wrapping)
            throws Exception {
        String uid = boundDek(dek, "prod");
        Attributes ecdh = Attributes.of(KeyAttributes.algorithm(CryptographicAlgorithm.ECDH));
        List<String> earlierEcdhObjects = guest.locate(ecdh, 1000);
        int before = audit.size();
        Secret released = new AttestedKeyFetcher(guest, new SimulatedSnpGuest(GOOD, b -> b), wrapping).fetch(uid);
        try {
            assertThat(released.toByteArray()).isEqualTo(dek);
        } finally {
            released.destroy();
        }
        // Challenges are counted, not audited.
        assertThat(audit.since(before)).extracting(AuditEvent::outcome).containsExactly("released");
        assertThat(guest.locate(ecdh, 1000))
                .as("the ephemeral EC public key object was destroyed")
                .containsExactlyInAnyOrderElementsOf(earlierEcdhObjects);
    }

    @Test
    @Order(12)
    void aReportBindingAnotherEcKeyFailsWithReportDataMismatchAndIsAudited() throws Exception {
        String uid = boundDek(filled(32, 12), "prod");
        Get.Request get = wrappedTo(uid, registerVmKey(vmEcKey), ReleaseWrapping.ECDH_P384_AES_KW.parameters());
        Nonce nonce = challenge(get);
        EphemeralWrappingKey attacker = EphemeralWrappingKey.generate(ReleaseWrapping.ECDH_P384_AES_KW);
        int before = audit.size();
        ResponseBatchItem r = answer(
                get,
                evidence(
                        nonce,
                        ReportDataBinding.reportData(nonce.value().toByteArray(), Optional.of(attacker.publicKey()))));
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.ATTESTATION_FAILED));
        assertThat(r.resultMessage()).contains("REPORT_DATA_MISMATCH");
        assertThat(lastDecision(before).outcome()).isEqualTo("denied");
        assertThat(lastDecision(before).release().reason()).isEqualTo("REPORT_DATA_MISMATCH");
    }

    @Test
    @Order(13)
    void aPolicyAskingFor192BitsRefusesTheDefaultP256WrapAndReleasesToAP384Guest() throws Exception {
        String uid = boundDek(dek, "strict");
        int before = audit.size();
        assertRefused(
                () -> new AttestedKeyFetcher(guest, new SimulatedSnpGuest(GOOD, b -> b)).fetch(uid),
                ResultReason.PERMISSION_DENIED,
                "policy 'strict' releases object " + uid
                        + " only wrapped to a key of at least 192-bit security; the wrapping key is EC P-256");
        assertThat(lastDecision(before).release().reason()).isEqualTo("WRAPPING_TOO_WEAK");

        Secret released = new AttestedKeyFetcher(
                        guest, new SimulatedSnpGuest(GOOD, b -> b), ReleaseWrapping.ECDH_P384_AES_KW)
                .fetch(uid);
        try {
            assertThat(released.toByteArray()).isEqualTo(dek);
        } finally {
            released.destroy();
        }
        assertThat(lastDecision(before).outcome()).isEqualTo("released");
    }

    @Test
    @Order(100)
    void theAuditChainIsIntactAndPrometheusCountsReleasesAndDenialReasons() {
        var report = new AuditChainVerifier(audit).verify();
        assertThat(report.intact()).isTrue();
        // The chain holds the gate's records and the clients' actions (binds, registrations), all chained.
        assertThat(report.recordsChecked()).isEqualTo(kms.server.audit().head().seq());
        List<AuditEvent> all = audit.since(0);
        assertThat(all)
                .filteredOn(e -> e.outcome().equals("released"))
                .hasSize(6); // one-commit, RSA, replayed-nonce, ECDH P-256 and P-384 under prod; P-384 under strict
        String scrape = prometheus.scrape();
        assertThat(scrape)
                .containsPattern(
                        "kmip_key_releases_total\\{[^}]*policy=\"prod\"[^}]*result=\"released\"[^}]*\\} 5\\.0");
        assertThat(scrape)
                .containsPattern("kmip_key_releases_total\\{[^}]*reason=\"DEBUG_ENABLED\"[^}]*result=\"denied\"");
        assertThat(scrape).containsPattern("kmip_key_releases_total\\{[^}]*reason=\"NONCE_ALREADY_USED\"");
        assertThat(scrape).containsPattern("kmip_key_releases_total\\{[^}]*reason=\"REPORT_DATA_MISMATCH\"");
        assertThat(scrape).containsPattern("kmip_key_releases_total\\{[^}]*reason=\"NOT_ATTESTATION_CAPABLE\"");
        assertThat(scrape).containsPattern("kmip_key_releases_total\\{[^}]*reason=\"WRAPPING_REQUIRED\"");
        assertThat(scrape)
                .containsPattern(
                        "kmip_key_releases_total\\{[^}]*policy=\"strict\"[^}]*reason=\"WRAPPING_TOO_WEAK\"[^}]*\\} 1\\.0");
        assertThat(scrape).containsPattern("kmip_key_releases_total\\{[^}]*reason=\"NONCE_MISMATCH\"");
        // Roads refused by the handlers (symmetric wrapping key, Re-key, Encrypt/Export...) are audited and counted
        // too.
        assertThat(scrape)
                .containsPattern(
                        "kmip_key_releases_total\\{[^}]*policy=\"prod\"[^}]*reason=\"ROUTE_REFUSED\"[^}]*result=\"denied\"");
        assertThat(all)
                .filteredOn(e -> e.outcome().equals("denied") && e.detail().contains("re-keyed"))
                .isNotEmpty();
        assertThat(scrape).containsPattern("kmip_requests_total\\{operation=\"get\",result=\"success\"");
        assertThat(scrape).containsPattern("kmip_requests_total\\{operation=\"get\",result=\"operation_failed\"");
    }

    @Test
    @Order(101) // after the audit/metrics totals: what an unbound release records is not this test's subject
    void fetchAttestedRefusesAKeyReleasedWithoutAChallengeWhileFetchAcceptsIt() throws Exception {
        byte[] unboundMaterial = filled(32, 0x77);
        String uid = guest.register(
                new ManagedObject.SymmetricKey(KeyBlock.raw(unboundMaterial, CryptographicAlgorithm.AES, 256)),
                Attributes.EMPTY);
        Attributes rsa = Attributes.of(KeyAttributes.algorithm(CryptographicAlgorithm.RSA));
        List<String> earlierRsaObjects = guest.locate(rsa, 1000); // other tests register wrapping keys by hand

        assertThatThrownBy(() -> fetcher(b -> b).fetchAttested(uid))
                .isInstanceOfSatisfying(UnboundKeyException.class, e -> {
                    assertThat(e.uid()).isEqualTo(uid);
                    assertThat(e.getMessage()).contains("not attestation-bound").contains("x-attestation-policy");
                });
        Secret plain = fetcher(b -> b).fetch(uid);
        try {
            assertThat(plain.toByteArray())
                    .as("fetch keeps accepting unbound keys")
                    .isEqualTo(unboundMaterial);
        } finally {
            plain.destroy();
        }
        assertThat(guest.locate(rsa, 1000))
                .as("the ephemeral public key objects were destroyed on both paths")
                .containsExactlyInAnyOrderElementsOf(earlierRsaObjects);
    }

    static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
