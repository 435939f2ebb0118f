package dev.snpkm.appliance;

import static dev.snpkm.appliance.ApplianceProcessIT.kmipctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.ApplianceProcessIT.Result;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.SimulatedGuest;
import dev.snpkm.appliance.testing.TestTrustRoots;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmipctl's KMIP and admin commands, per-operation metrics and an attested release, against one appliance process
 * that trusts the generated AMD hierarchy (attestation.test-trust-roots-dir) and enforces one policy,
 * {@code vm-disk}, allowing launch measurement {@link #GOOD}. The methods run in order and build on each other.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApplianceOperationsProcessIT {
    private static final byte[] GOOD = filled(0x5C);
    private static final byte[] WRONG = filled(0x11);

    private Path tmp;
    private Path dataDir;
    private ApplianceProcess appliance;
    private ApplianceProcess.ReadyLine ready;
    private String diskKey;
    private Path alice;

    @BeforeAll
    void start(@TempDir Path tempDir) throws Exception {
        tmp = tempDir;
        dataDir = tmp.resolve("data");
        Path roots = TestTrustRoots.write(tmp.resolve("amd-test-roots"));
        // AMD's CRL for Genoa (the simulated guest's product), revoking its ASVK: VLEK-signed reports are refused.
        Path crl = TestTrustRoots.writeCrl(
                tmp.resolve("genoa.crl"),
                ProductLine.GENOA,
                Instant.now().plus(Duration.ofDays(7)),
                TestAmdHierarchy.get().roots(ProductLine.GENOA).asvk());
        Path policies = tmp.resolve("policies.yaml");
        Files.writeString(
                policies,
                "policies:\n  vm-disk:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD)
                        + "\"]\n    allow-unwrapped-release: false\n");
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(config, """
                kmip:
                  address: 127.0.0.1
                  port: 0
                metrics:
                  port: 0
                limits:
                  workers: 2
                policies: %s
                attestation:
                  test-trust-roots-dir: %s
                  amd-crls: [%s]
                """.formatted(policies, roots, crl));
        appliance = ApplianceProcess.start(config, dataDir);
        ready = appliance.awaitReady();
    }

    @AfterAll
    void stop() throws InterruptedException {
        if (appliance != null) {
            assertThat(appliance.terminate()).as(appliance.output()).isZero();
        }
    }

    @Test
    @Order(1)
    void keysCreateListAndShow() {
        Result created = keys("create", "--name", "disk-1");
        assertThat(created.exit()).as(created.err()).isZero();
        diskKey = created.out().strip();
        assertThat(diskKey).isNotEmpty().doesNotContain("\n");

        Result list = keys("list");
        assertThat(list.out().lines().findFirst().orElseThrow()).matches("UID +NAME +OWNER +STATE +POLICY +CREATED");
        assertThat(list.out()).containsPattern(diskKey + " +disk-1 +CN=admin +Pre-Active +- +20\\d\\d-\\d\\d-\\d\\dT");
        Result byName = keys("list", "--name", "disk-1", "-q");
        assertThat(byName.out().strip()).isEqualTo(diskKey);
        assertThat(keys("list", "--name", "disk-1").out()).containsPattern(diskKey + " +disk-1 +CN=admin ");
        assertThat(keys("list", "--name", "no-such-key", "--quiet").out()).isBlank();

        Result show = keys("show", diskKey);
        assertThat(show.exit()).as(show.err()).isZero();
        assertThat(show.out())
                .contains(
                        "uid: " + diskKey,
                        "Name: disk-1",
                        "State: Pre-Active",
                        "Cryptographic Algorithm: AES",
                        "Cryptographic Length: 256",
                        "Cryptographic Usage Mask: Encrypt|Decrypt",
                        "Object Type: Symmetric Key")
                .containsPattern("Initial Date: 20\\d\\d-")
                .doesNotContain("ItemValue[", "Item[", "tag=", "BooleanItem", "Enumeration[", "0x");
        assertThat(keysV14("show", diskKey).out()).contains("State: Pre-Active").doesNotContain("tag=", "Item[");
    }

    @Test
    @Order(2)
    void policiesListAndValidate() throws Exception {
        Result list = kmipctl("policies", "list", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        assertThat(list.exit()).as(list.err()).isZero();
        assertThat(list.out())
                .contains("1 policies")
                .contains("\nvm-disk measurements=1 allow-unwrapped-release=false minimum-wrapping-strength=128");

        Path good = tmp.resolve("good.yaml");
        Files.writeString(
                good,
                "policies:\n  lab:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD) + "\"]\n");
        Result valid = kmipctl("policies", "validate", good.toString());
        assertThat(valid.exit()).as(valid.err()).isZero();
        assertThat(valid.out()).contains("valid: 1 policies [lab]");

        Path bad = tmp.resolve("bad.yaml");
        Files.writeString(bad, "policies:\n  lab:\n    measurements: [\"not-hex\"]\n");
        Result invalid = kmipctl("policies", "validate", bad.toString());
        assertThat(invalid.exit()).isEqualTo(1);
        assertThat(invalid.err().strip()).startsWith("kmipctl: " + bad).doesNotContain("\n");
    }

    @Test
    @Order(3)
    void bindSetsTheAttributeTheEngineEnforcesAndUnbindRemovesIt() {
        Result unknown = keys("bind", diskKey, "--policy", "no-such-policy");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.err()).contains("Invalid Field", "no release policy named 'no-such-policy'");
        assertThat(keys("show", diskKey).out()).doesNotContain("x-attestation-policy");
        Result bind = keys("bind", diskKey, "--policy", "vm-disk");
        assertThat(bind.exit()).as(bind.err()).isZero();
        assertThat(keys("list").out()).containsPattern(diskKey + " +disk-1 +CN=admin +Pre-Active +vm-disk ");
        // The engine recognises the binding under its one internal name in both protocol generations.
        assertThat(keys("show", diskKey).out()).contains("x-attestation-policy: vm-disk");
        assertThat(keysV14("show", diskKey).out()).contains("x-attestation-policy: vm-disk");

        Result unbind = keys("unbind", diskKey);
        assertThat(unbind.exit()).as(unbind.err()).isZero();
        assertThat(keys("show", diskKey).out()).doesNotContain("x-attestation-policy");
    }

    @Test
    @Order(4)
    void anIssuedClientCertificateWorksButMayNotBind() throws Exception {
        alice = tmp.resolve("alice");
        Result issued = kmipctl(
                "clients",
                "issue",
                "--cn",
                "alice",
                "--service",
                "--out",
                alice.toString(),
                "--data-dir",
                dataDir.toString());
        assertThat(issued.exit()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("certificate=", "sha256=").doesNotContain("PRIVATE KEY");

        Result own = asAlice("create", "--name", "alice-disk");
        assertThat(own.exit()).as(own.err()).isZero();
        String aliceKey = own.out().strip();
        assertThat(asAlice("list").out()).contains(aliceKey).doesNotContain(diskKey);

        Result bind = asAlice("bind", aliceKey, "--policy", "vm-disk");
        assertThat(bind.exit()).isEqualTo(1);
        assertThat(bind.err()).contains("Permission Denied");
        assertThat(keys("show", aliceKey).out()).doesNotContain("x-attestation-policy");
    }

    /**
     * Names are unique per owner only: alice registers a key named like the one the administrator is about to
     * provision. The listing shows whose each is, and provisioning by that name is refused as ambiguous.
     */
    @Test
    @Order(5)
    void aNameTwoOwnersUseIsShownWithOwnersAndRefusedForProvisioning() {
        Result squatted = asAlice("create", "--name", "vm-9-disk");
        assertThat(squatted.exit()).as(squatted.err()).isZero();
        Result real = keys("create", "--name", "vm-9-disk");
        assertThat(real.exit()).as(real.err()).isZero();
        Result list = keys("list", "--name", "vm-9-disk");
        assertThat(list.out())
                .containsPattern(squatted.out().strip() + " +vm-9-disk +CN=alice ")
                .containsPattern(real.out().strip() + " +vm-9-disk +CN=admin ");
        assertThat(list.out().lines()).hasSize(3); // the header and the two keys
        for (Result r : List.of(
                keys("bind", "--name", "vm-9-disk", "--policy", "vm-disk"),
                keys("grant", "--name", "vm-9-disk", "--client", "CN=guest-1"))) {
            assertThat(r.exit()).isEqualTo(1);
            assertThat(r.err()).contains("ambiguous", "owner=CN=alice", "give the UID");
        }
        assertThat(keys("show", squatted.out().strip()).out())
                .doesNotContain("x-attestation-policy", "x-authorized-client");
        Result byUniqueName = keys("bind", "--name", "disk-1", "--policy", "vm-disk");
        assertThat(byUniqueName.exit()).as(byUniqueName.err()).isZero();
        assertThat(keys("unbind", diskKey).exit()).isZero();
    }

    @Test
    @Order(6)
    void activateRevokeThenDestroy() {
        Result activated = keys("activate", diskKey);
        assertThat(activated.exit()).as(activated.err()).isZero();
        assertThat(keys("show", diskKey).out()).contains("State: Active");
        Result revoked = keys("revoke", diskKey);
        assertThat(revoked.exit()).as(revoked.err()).isZero();
        assertThat(keys("show", diskKey).out()).contains("State: Deactivated");
        Result destroyed = keys("destroy", diskKey);
        assertThat(destroyed.exit()).as(destroyed.err()).isZero();
        assertThat(keys("show", diskKey).out()).contains("State: Destroyed");
    }

    @Test
    @Order(7)
    void metricsCountKmipRequestsByOperationAndResult() throws Exception {
        String metrics = metrics();
        assertThat(metrics)
                .contains(
                        "kmip_requests_total{operation=\"create\",result=\"success\"}",
                        "kmip_requests_total{operation=\"set_attribute\",result=\"operation_failed\"} 2.0",
                        "kmip_requests_total{operation=\"destroy\",result=\"success\"} 1.0",
                        "kmip_request_duration_seconds_count{operation=\"locate\"}",
                        "kmip_objects{state=\"destroyed\"} 1.0",
                        "kmip_connections ",
                        "kmip_audit_chain_records ");
    }

    @Test
    @Order(8)
    void anAttestedGuestGetsItsKeyAndAWrongMeasurementIsRefused() throws Exception {
        Path guestDir = tmp.resolve("guest");
        Result issued = kmipctl(
                "clients",
                "issue",
                "--cn",
                "guest-1",
                "--vm",
                "--out",
                guestDir.toString(),
                "--data-dir",
                dataDir.toString());
        assertThat(issued.exit()).as(issued.err()).isZero();
        assertThat(issued.out()).contains("role=vm");
        // The administrator creates the VM's disk key and grants it to the VM's identity, but forgets to bind it:
        // anyone with a copy of the VM's disk image (its client key is in the initramfs) tries a plain Get.
        Result created = keys("create", "--name", "vm-1-disk");
        assertThat(created.exit()).as(created.err()).isZero();
        String uid = created.out().strip();
        Result granted = keys("grant", uid, "--client", "CN=guest-1");
        assertThat(granted.exit()).as(granted.err()).isZero();
        assertThat(keys("activate", uid).exit()).isZero();
        assertThatThrownBy(() -> plainGet(guestDir, uid))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.is(ResultReason.PERMISSION_DENIED))
                                .as(e.getMessage())
                                .isTrue());
        assertThatThrownBy(() -> fetch(guestDir, uid, GOOD)).isInstanceOf(KmipOperationException.class);
        // Bound, the key is released to the attested guest only.
        assertThat(keys("bind", uid, "--policy", "vm-disk").exit()).isZero();

        Secret released = fetch(guestDir, uid, GOOD);
        assertThat(released.length()).isEqualTo(32);
        released.destroy();
        assertThatThrownBy(() -> fetch(guestDir, uid, WRONG))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.is(ResultReason.ATTESTATION_FAILED))
                                .as(e.getMessage())
                                .isTrue());
        // The same guest signing with a VLEK: its ASVK is on the configured AMD CRL.
        assertThatThrownBy(() -> fetch(guestDir, uid, new SimulatedGuest(GOOD, SigningKey.VLEK)))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.is(ResultReason.ATTESTATION_FAILED))
                                .as(e.getMessage())
                                .isTrue());
        String metrics = metrics();
        assertThat(metrics)
                .contains(
                        "kmip_key_releases_total{policy=\"vm-disk\",reason=\"CERT_REVOKED\",result=\"denied\"} 1.0",
                        "kmip_amd_crl_next_update_timestamp_seconds{file=\"" + tmp.resolve("genoa.crl")
                                + "\",product=\"genoa\"}",
                        "kmip_key_releases_total{policy=\"vm-disk\",reason=\"NONE\",result=\"released\"} 1.0",
                        "kmip_key_releases_total{policy=\"vm-disk\",reason=\"MEASUREMENT_NOT_ALLOWED\",result=\"denied\"} 1.0",
                        "kmip_key_releases_total{policy=\"vm-disk\",reason=\"ATTESTATION_REQUIRED\",result=\"challenged\"} 3.0");
        // The shipped dashboard must only query series this appliance exports.
        String dashboard = Files.readString(
                Path.of(System.getProperty("repo.root", "..")).resolve("packaging/grafana/key-releases.json"));
        Matcher names = Pattern.compile("\\bkmip_[a-z_]+").matcher(dashboard);
        int queried = 0;
        while (names.find()) {
            queried++;
            assertThat(metrics).as("dashboard series " + names.group()).contains("\n" + names.group());
        }
        assertThat(queried).isGreaterThan(8);

        // Taking the grant back: the VM no longer sees the key, attested or not.
        assertThat(keys("show", uid).out()).contains("x-authorized-client: CN=guest-1");
        Result ungranted = keys("ungrant", uid, "--client", "CN=guest-1");
        assertThat(ungranted.exit()).as(ungranted.err()).isZero();
        assertThat(keys("show", uid).out()).doesNotContain("x-authorized-client");
        assertThatThrownBy(() -> fetch(guestDir, uid, GOOD)).isInstanceOf(KmipOperationException.class);
        Result again = keys("ungrant", uid, "--client", "CN=guest-1");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("is not granted to CN=guest-1");
    }

    @Test
    @Order(9)
    void aRevokedClientIsRefusedWithoutRestart() throws Exception {
        assertThat(asAlice("list").exit()).isZero();
        Result revoke = kmipctl(
                "clients", "revoke", "--cert", alice.resolve("alice.pem").toString(), "--data-dir", dataDir.toString());
        assertThat(revoke.exit()).as(revoke.err()).isZero();
        Result refused = asAlice("list");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("Permission Denied", "revoked");
        assertThat(keys("list").exit()).as("the administrator is unaffected").isZero();
        assertThat(metrics()).containsPattern("kmip_revoked_client_requests_total\\{check=\"deny_list\"[^}]*\\} [1-9]");
    }

    @Test
    @Order(10)
    void auditTailShowsTheReleaseDecisions() throws InterruptedException {
        Result tail =
                kmipctl("audit", "tail", "-n", "200", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        // kmipctl's offline actions reach the chain through the inbox, which the appliance reads every 2 s.
        for (int i = 0; i < 50 && !tail.out().contains("action=client-revoke"); i++) {
            Thread.sleep(200);
            tail = kmipctl("audit", "tail", "-n", "200", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        }
        assertThat(tail.exit()).as(tail.err()).isZero();
        assertThat(tail.out()).contains("action=start", "vm-disk", "MEASUREMENT_NOT_ALLOWED");
        // Every admin action and refusal: issue and revoke (offline, through the inbox), create, grant, bind,
        // unbind, the VM's refused unattested Get, and the revoked client's refusals (one record, then a count).
        assertThat(tail.out())
                .contains(
                        "action=client-issue",
                        "CN=alice role=service",
                        "CN=guest-1 role=vm",
                        "action=client-revoke",
                        "action=Create",
                        "action=grant",
                        "action=bind",
                        "action=unbind",
                        "action=Destroy",
                        "not bound to an attestation policy and this client is a VM identity",
                        "action=deny-list");
        assertThat(tail.out().lines().filter(l -> l.contains("action=deny-list") && l.contains("outcome=refused ")))
                .hasSize(1);
    }

    /** The guest's side, as vm-unlock runs it: AttestedKeyFetcher with the guest's issued client certificate. */
    private Secret fetch(Path guestDir, String uid, byte[] measurement) throws Exception {
        return fetch(guestDir, uid, new SimulatedGuest(measurement));
    }

    private Secret fetch(Path guestDir, String uid, SimulatedGuest guest) throws Exception {
        KmipTransport transport = new KmipTransport(
                KmipEndpoint.parse("127.0.0.1:" + ready.kmipPort()),
                ClientTlsConfig.fromPem(
                        guestDir.resolve("ca.pem"), guestDir.resolve("guest-1.pem"), guestDir.resolve("guest-1.key")),
                TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5))
                        .withReadTimeout(Duration.ofSeconds(30)));
        try (KmipClient client = new KmipClient(transport)) {
            return new AttestedKeyFetcher(client, guest).fetch(uid);
        }
    }

    /** What a copied disk image allows: the guest's certificate, a plain Get, no attestation. */
    private void plainGet(Path guestDir, String uid) throws Exception {
        try (KmipClient client = new KmipClient(new KmipTransport(
                KmipEndpoint.parse("127.0.0.1:" + ready.kmipPort()),
                ClientTlsConfig.fromPem(
                        guestDir.resolve("ca.pem"), guestDir.resolve("guest-1.pem"), guestDir.resolve("guest-1.key")),
                TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5))
                        .withReadTimeout(Duration.ofSeconds(30))))) {
            client.get(uid).destroy();
        }
    }

    private Result keys(String... args) {
        return kmipctl(with(
                List.of("--server", "127.0.0.1:" + ready.kmipPort(), "--data-dir", dataDir.toString()), "keys", args));
    }

    private Result keysV14(String... args) {
        return kmipctl(with(
                List.of(
                        "--server",
                        "127.0.0.1:" + ready.kmipPort(),
                        "--data-dir",
                        dataDir.toString(),
                        "--kmip-version",
                        "1.4"),
                "keys",
                args));
    }

    private Result asAlice(String... args) {
        return kmipctl(with(client(alice, "alice"), "keys", args));
    }

    private List<String> client(Path dir, String cn) {
        return List.of(
                "--server",
                "127.0.0.1:" + ready.kmipPort(),
                "--ca",
                dir.resolve("ca.pem").toString(),
                "--cert",
                dir.resolve(cn + ".pem").toString(),
                "--key",
                dir.resolve(cn + ".key").toString());
    }

    /** {@code group sub options...}: kmipctl's options belong after the subcommand. */
    private static String[] with(List<String> options, String group, String... sub) {
        return Stream.of(
                        Stream.of(group, sub[0]),
                        options.stream(),
                        Arrays.stream(sub).skip(1))
                .flatMap(s -> s)
                .toArray(String[]::new);
    }

    private String adminUrl() {
        return "http://127.0.0.1:" + ready.metricsPort();
    }

    private String metrics() throws Exception {
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(adminUrl() + "/metrics"))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertThat(r.statusCode()).isEqualTo(200);
        return r.body();
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[48];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
