package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.cli.Kmipctl;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.store.NewStoredObject;
import dev.snpkm.server.store.SearchFields;
import dev.snpkm.server.store.StoredObject;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * The appliance end to end as an operator meets it: a separate JVM started like the container's ENTRYPOINT, on a
 * fresh data directory, then driven only through what it printed, its ports and kmipctl. The methods run in order on
 * one data directory (each JVM start costs seconds on a shared 2-core machine).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ApplianceProcessIT {
    private Path tmp;

    private Path dataDir;
    private Path config;
    private ApplianceProcess appliance;
    private ApplianceProcess.ReadyLine ready;
    private final Map<String, String> printed = new LinkedHashMap<>();
    private String connectLine;
    private String firstCaFingerprint;
    private final Map<String, byte[]> storedKeys = new LinkedHashMap<>();

    @BeforeAll
    void startOnFreshDataDir(@TempDir Path tempDir) throws Exception {
        tmp = tempDir;
        dataDir = tmp.resolve("data");
        config = tmp.resolve("appliance.yaml");
        Files.writeString(config, """
                kmip:
                  address: 127.0.0.1
                  port: 0
                metrics:
                  port: 0
                limits:
                  workers: 2
                """);
        appliance = ApplianceProcess.start(config, dataDir);
        ready = appliance.awaitReady();
        for (String line : appliance.output().split("\n")) {
            int eq = line.indexOf('=');
            if (!line.startsWith("ts=") && eq > 0 && !line.startsWith(" ")) {
                printed.put(line.substring(0, eq), line.substring(eq + 1).split(" ")[0]);
            }
            if (line.startsWith("connect: ")) {
                connectLine = line.substring("connect: ".length());
            }
        }
        firstCaFingerprint = ready.fields().get("ca_sha256");
    }

    @AfterAll
    void stop() {
        if (appliance != null) {
            appliance.close();
        }
    }

    @Test
    @Order(1)
    void firstStartCreatesPkiAndPrintsHowToConnect() {
        assertThat(ready.fields()).containsEntry("first_run", "true");
        assertThat(ready.kmipPort()).isPositive();
        assertThat(printed).containsKeys("ca_certificate", "admin_certificate", "admin_private_key");
        assertThat(connectLine).startsWith("kmipctl status --server 127.0.0.1:" + ready.kmipPort() + " ");
        assertThat(appliance.output())
                .contains("[client]", "certfile=", "keyfile=", "ca_certs=")
                .doesNotContain("BEGIN PRIVATE KEY", "BEGIN EC PRIVATE KEY");
    }

    @Test
    @Order(2)
    void secretsAreOwnerOnly() throws Exception {
        DataDirectory d = new DataDirectory(dataDir);
        for (Path secret : List.of(d.caKey(), d.serverKey(), d.adminKey(), d.masterKey(), d.adminToken())) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(secret)))
                    .as(secret.toString())
                    .isEqualTo("rw-------");
        }
        assertThat(Files.size(d.masterKey())).isEqualTo(32);
    }

    @Test
    @Order(3)
    void kmipctlStatusSucceedsWithOnlyThePrintedFiles() {
        String[] args = connectLine.substring("kmipctl ".length()).split(" ");
        Result r = kmipctl(args);
        assertThat(r.exit).as(r.err).isZero();
        assertThat(r.out).contains("status: ok", "vendor: snpkm", "1.2", "DISCOVER_VERSIONS", "GET");
    }

    @Test
    @Order(4)
    void pykmipClientCompletesEveryOperationWithTheBootstrapAdminCertificate() throws Exception {
        Path script = Path.of(System.getProperty("repo.root", "..")).resolve("interop/pykmip/pykmip_client_ops.py");
        Process p = new ProcessBuilder(
                        "/usr/bin/python3",
                        script.toString(),
                        "--host",
                        "127.0.0.1",
                        "--port",
                        String.valueOf(ready.kmipPort()),
                        "--ca",
                        printed.get("ca_certificate"),
                        "--cert",
                        printed.get("admin_certificate"),
                        "--key",
                        printed.get("admin_private_key"),
                        "--version",
                        "1.2")
                .redirectErrorStream(true)
                .start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        // Every step (create, register, get, locate, attributes, activate, revoke, destroy, discover, query) passed.
        assertThat(p.exitValue()).as(out).isZero();
        assertThat(out)
                .contains("{\"step\": \"discover-versions\", \"ok\": true", "{\"step\": \"create\", \"ok\": true");
    }

    @Test
    @Order(5)
    void opsEndpointsAnswer() throws Exception {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains(
                        "kmip_tls_handshakes_total",
                        "kmip_tls_certificate_expiry_seconds",
                        "kmip_requests_processed_total",
                        "jvm_memory_used_bytes",
                        "kmip_store_commits_total",
                        "kmip_store_syncs_total",
                        "kmip_store_file_bytes",
                        "kmip_store_live_bytes");
        assertThat(get("/healthz").statusCode()).isEqualTo(200);
        HttpResponse<String> readyz = get("/readyz");
        assertThat(readyz.statusCode()).isEqualTo(200);
        assertThat(readyz.body()).contains("store=ok", "kmip=listening");
    }

    @Test
    @Order(6)
    void adminRoutesNeedTheTokenAndServeAuditAndPolicies() throws Exception {
        assertThat(get("/admin/audit/verify").statusCode()).isEqualTo(401);
        Result verify = kmipctl("audit", "verify", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        assertThat(verify.exit).as(verify.err).isZero();
        assertThat(verify.out).startsWith("intact:");
        Result tail = kmipctl("audit", "tail", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        assertThat(tail.out).contains("action=start");
        assertThat(tail.out)
                .as("the refusal without a token above")
                .contains("action=admin-route-refused object=- outcome=refused detail=\"missing or wrong admin token");
        assertThat(get("/metrics").body()).containsPattern("(?m)^appliance_admin_refusals_total [1-9]");
        Result reload = kmipctl("policies", "reload", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        assertThat(reload.exit).as(reload.err).isZero();
        assertThat(reload.out).contains("reloaded 0 policies");
        Result after = kmipctl("audit", "tail", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
        assertThat(after.out).contains("action=policies-reload object=- outcome=ok detail=\"0 policies");

        // The policy file is checked again at each reload, as at start: one others can write is not believed.
        Path policies = dataDir.resolve("policies.yaml");
        var mode = Files.getPosixFilePermissions(policies);
        Files.setPosixFilePermissions(policies, PosixFilePermissions.fromString("rw-rw-rw-"));
        try {
            Result refused = kmipctl("policies", "reload", "--admin-url", adminUrl(), "--data-dir", dataDir.toString());
            assertThat(refused.exit).isNotZero();
            assertThat(refused.err)
                    .contains("reload refused, previous policies stay in force: kept 0 policies in force; policies: "
                            + policies.toRealPath() + " is writable by others");
        } finally {
            Files.setPosixFilePermissions(policies, mode);
        }
        assertThat(kmipctl("policies", "reload", "--admin-url", adminUrl(), "--data-dir", dataDir.toString()).exit)
                .isZero();
    }

    @Test
    @Order(7)
    void sigtermFinishesGracefullyWithExitZero() throws Exception {
        assertThat(appliance.terminate()).as(appliance.output()).isZero();
        assertThat(appliance.output()).contains("event=stopped");
        // The audit chain's head leaves the store at start and stop: the anchor that catches a cut-off tail.
        assertThat(appliance.output()).containsPattern("event=audit_anchor seq=[0-9]+ head=[0-9a-f]{64}");
        assertThat(new DataDirectory(dataDir).storeFile()).exists();
    }

    @Test
    @Order(8)
    void secondStartReusesThePkiAndTheStore() throws Exception {
        DataDirectory d = new DataDirectory(dataDir);
        byte[] caBefore = Files.readAllBytes(d.caCertificate());
        try (Database db = Database.openH2File(d.storeBase())) {
            JdbcObjectStore store = new JdbcObjectStore(
                    db, new MaterialSealer(new MasterKeyFile(d.masterKey()).load()), Clock.systemUTC());
            for (int i = 0; i < 2; i++) {
                byte[] material = new byte[32];
                material[0] = (byte) (i + 1);
                StoredObject o = store.create(new NewStoredObject(
                        2,
                        1,
                        "test",
                        new SearchFields("disk-" + i, 3, 256, null),
                        new Ttlv.Structure(Tag.ATTRIBUTES, List.of()),
                        material));
                storedKeys.put(o.uid(), material);
            }
        }
        appliance = ApplianceProcess.start(config, dataDir);
        ready = appliance.awaitReady();
        assertThat(ready.fields()).containsEntry("first_run", "false").containsEntry("ca_sha256", firstCaFingerprint);
        assertThat(Files.readAllBytes(d.caCertificate())).isEqualTo(caBefore);
    }

    @Test
    @Order(9)
    void backupThenRestoreIntoAnEmptyDataDirectoryBringsBackTheSameKeys() throws Exception {
        Path backup = tmp.resolve("store.bak");
        Result created = kmipctl(
                "backup",
                "create",
                "--out",
                backup.toString(),
                "--admin-url",
                adminUrl(),
                "--data-dir",
                dataDir.toString());
        assertThat(created.exit).as(created.err).isZero();
        Matcher anchor = Pattern.compile("audit_anchor=([0-9]+:[0-9a-f]{64})").matcher(created.out);
        assertThat(anchor.find()).as(created.out).isTrue();
        backupAnchor = anchor.group(1);
        assertThat(appliance.terminate()).isZero();

        DataDirectory original = new DataDirectory(dataDir);
        DataDirectory d = new DataDirectory(tmp.resolve("restored"));
        Path tampered = tmp.resolve("tampered.bak");
        byte[] bytes = Files.readAllBytes(backup);
        bytes[bytes.length / 2] ^= 1;
        Files.write(tampered, bytes);
        Result refused = kmipctl(
                "backup",
                "restore",
                "--in",
                tampered.toString(),
                "--data-dir",
                d.root().toString(),
                "--master-key",
                original.masterKey().toString());
        assertThat(refused.exit).isEqualTo(1);
        assertThat(refused.err.strip()).contains("failed authentication").doesNotContain("\n");
        assertThat(d.root()).doesNotExist();

        Result restored = kmipctl(
                "backup",
                "restore",
                "--in",
                backup.toString(),
                "--data-dir",
                d.root().toString(),
                "--master-key",
                original.masterKey().toString());
        assertThat(restored.exit).as(restored.err).isZero();
        assertThat(Files.readAllBytes(d.caKey())).isEqualTo(Files.readAllBytes(original.caKey()));
        try (Database db = Database.openH2File(d.storeBase())) {
            JdbcObjectStore store = new JdbcObjectStore(
                    db, new MaterialSealer(new MasterKeyFile(d.masterKey()).load()), Clock.systemUTC());
            for (Map.Entry<String, byte[]> k : storedKeys.entrySet()) {
                assertThat(store.get(k.getKey())).isPresent();
                assertThat(store.material(k.getKey())).isEqualTo(k.getValue());
            }
        }
    }

    /**
     * The restored data directory chains kmipctl's offline restore record, and the backup's anchor then catches what
     * the review showed passing verification: the newest records cut off while the appliance was stopped.
     */
    @Test
    @Order(10)
    void theRestoreIsAuditedAndACutOffTailFailsVerificationAgainstTheBackupsAnchor() throws Exception {
        // The data directory restored by the previous test, started as the appliance it backs up.
        Path restoredDir = tmp.resolve("restored");
        appliance = ApplianceProcess.start(config, restoredDir);
        ready = appliance.awaitReady();
        Result tail =
                kmipctl("audit", "tail", "-n", "50", "--admin-url", adminUrl(), "--data-dir", restoredDir.toString());
        assertThat(tail.out).contains("action=backup", "action=restore");
        Result good = kmipctl(
                "audit",
                "verify",
                "--anchor",
                backupAnchor,
                "--admin-url",
                adminUrl(),
                "--data-dir",
                restoredDir.toString());
        assertThat(good.exit).as(good.out + good.err).isZero();
        assertThat(good.out).contains("intact", "anchor");
        assertThat(appliance.terminate()).isZero();

        long anchorSeq = Long.parseLong(backupAnchor.substring(0, backupAnchor.indexOf(':')));
        try (Database db = Database.openH2File(new DataDirectory(restoredDir).storeBase());
                var c = db.dataSource().getConnection();
                var delete = c.prepareStatement("DELETE FROM audit_record WHERE seq >= ?")) {
            delete.setLong(1, anchorSeq);
            assertThat(delete.executeUpdate()).isGreaterThan(1);
        }
        appliance = ApplianceProcess.start(config, restoredDir);
        ready = appliance.awaitReady();
        Result plain = kmipctl("audit", "verify", "--admin-url", adminUrl(), "--data-dir", restoredDir.toString());
        assertThat(plain.exit).as("a shortened chain is still a chain").isZero();
        Result anchored = kmipctl(
                "audit",
                "verify",
                "--anchor",
                backupAnchor,
                "--admin-url",
                adminUrl(),
                "--data-dir",
                restoredDir.toString());
        assertThat(anchored.exit).as(anchored.out).isEqualTo(1);
        assertThat(anchored.out).contains("BROKEN", "anchor");
    }

    private String adminUrl() {
        return "http://127.0.0.1:" + ready.metricsPort();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(URI.create(adminUrl() + path))
                                .timeout(Duration.ofSeconds(10))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
    }

    private String backupAnchor;

    record Result(int exit, String out, String err) {}

    static Result kmipctl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Result(exit, out.toString(), err.toString());
    }

    static List<String> list(String... s) {
        return new ArrayList<>(List.of(s));
    }
}
