package dev.snpkm.appliance;

import static dev.snpkm.appliance.ApplianceProcessIT.kmipctl;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.appliance.ApplianceProcessIT.Result;
import dev.snpkm.appliance.backup.ApplianceBackup;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.SimulatedGuest;
import dev.snpkm.appliance.testing.TestConfigs;
import dev.snpkm.appliance.testing.TestTrustRoots;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.attestation.AttestedKeyFetcher;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.Secret;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disaster recovery of the whole appliance: keys, a bound key, an issued and a revoked client certificate, then a
 * backup, the data directory deleted, a restore with the separately kept master key, and a start. The restored
 * appliance must be the same one: the old client certificate still connects and gets its key (PyKMIP and
 * kmip-client), the bound key still needs attestation (and the restored policy releases it), the revoked client is
 * still refused, and the audit chain verifies.
 */
@Timeout(value = 240, unit = TimeUnit.SECONDS)
class WholeApplianceBackupProcessIT {
    private static final byte[] GOOD = filled(0x5C);

    @TempDir
    Path tmp;

    private Path dataDir;
    private ApplianceProcess.ReadyLine ready;

    @Test
    void aRestoredDataDirectoryStartsAsTheSameAppliance() throws Exception {
        dataDir = tmp.resolve("data");
        Files.createDirectories(dataDir);
        // The policy file in its default place, so the backup has to carry it.
        Files.writeString(
                dataDir.resolve("policies.yaml"),
                "policies:\n  vm-disk:\n    measurements: [\"" + HexFormat.of().formatHex(GOOD)
                        + "\"]\n    allow-unwrapped-release: false\n");
        Path config = tmp.resolve("appliance.yaml");
        Files.writeString(
                config,
                TestConfigs.loopback("attestation:\n  test-trust-roots-dir: "
                        + TestTrustRoots.write(tmp.resolve("amd-test-roots")) + "\n"));

        ApplianceProcess first = ApplianceProcess.start(config, dataDir);
        String aliceKey;
        String boundKey;
        String bobKey;
        String caFingerprint;
        Path backup = tmp.resolve("appliance.bak");
        try {
            ready = first.awaitReady();
            caFingerprint = ready.fields().get("ca_sha256");
            issue("alice");
            issue("bob");
            aliceKey = ok(kmipctl(keysAs("alice", "create", "--name", "alice-key")))
                    .strip();
            bobKey = ok(kmipctl(keysAs("bob", "create", "--name", "bob-key"))).strip();
            boundKey = ok(kmipctl(keys("create", "--name", "vm-1-disk"))).strip();
            ok(kmipctl(keys("bind", boundKey, "--policy", "vm-disk")));
            ok(kmipctl(keys("grant", boundKey, "--client", "CN=alice")));
            ok(kmipctl(
                    "clients",
                    "revoke",
                    "--cert",
                    tmp.resolve("bob/bob.pem").toString(),
                    "--data-dir",
                    dataDir.toString()));
            Result created = kmipctl(
                    "backup",
                    "create",
                    "--out",
                    backup.toString(),
                    "--admin-url",
                    adminUrl(),
                    "--data-dir",
                    dataDir.toString());
            assertThat(created.out()).as(created.err()).contains("mode 0600");
            ok(created);
        } finally {
            assertThat(first.terminate()).as(first.output()).isZero();
        }
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(backup)))
                .isEqualTo("rw-------");

        // Disaster: the data directory is gone; the master key was kept apart, offline.
        Path keptMasterKey = tmp.resolve("offline/master.key");
        Files.createDirectories(keptMasterKey.getParent());
        Files.copy(
                new DataDirectory(dataDir).masterKey(),
                keptMasterKey,
                java.nio.file.StandardCopyOption.COPY_ATTRIBUTES);
        deleteTree(dataDir);

        Result restored = kmipctl(
                "backup",
                "restore",
                "--in",
                backup.toString(),
                "--data-dir",
                dataDir.toString(),
                "--master-key",
                keptMasterKey.toString());
        ok(restored);
        assertThat(restored.out())
                .contains(
                        "pki/ca.key",
                        "admin.token",
                        "revoked-clients.txt",
                        "policies.yaml",
                        ApplianceBackup.RESTORED_CONFIG);
        DataDirectory d = new DataDirectory(dataDir);
        for (Path f : List.of(
                d.caKey(),
                d.serverKey(),
                d.adminKey(),
                d.adminToken(),
                d.masterKey(),
                d.revokedClients(),
                dataDir.resolve("policies.yaml"))) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(f)))
                    .as(f.toString())
                    .isEqualTo("rw-------");
        }
        Result again = kmipctl("backup", "restore", "--in", backup.toString(), "--data-dir", dataDir.toString());
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.err()).contains("exists").doesNotContain("\n\t");

        ApplianceProcess second = ApplianceProcess.start(config, dataDir);
        try {
            ready = second.awaitReady();
            assertThat(ready.fields()).containsEntry("first_run", "false").containsEntry("ca_sha256", caFingerprint);

            // The old client certificate: PyKMIP and kmip-client get its key.
            PyKmipGet py = pykmipGet("alice", aliceKey);
            assertThat(py.exit()).as(py.output()).isZero();
            assertThat(py.output()).contains("\"ok\": true", "\"length\": 32");
            try (KmipClient alice = client("alice")) {
                ManagedObject key = alice.get(aliceKey);
                assertThat(key)
                        .isInstanceOfSatisfying(
                                ManagedObject.SymmetricKey.class,
                                k -> assertThat(k.keyBlock().cryptographicLength())
                                        .isEqualTo(256));
                ((ManagedObject.SymmetricKey) key).keyBlock().destroy();
                // The bound key is still gated by its policy (which releases only wrapped, to an attested guest);
                // the restored policy releases it to the right measurement.
                assertThatThrownBy(() -> alice.get(boundKey))
                        .isInstanceOfSatisfying(
                                KmipOperationException.class,
                                e -> assertThat(e.getMessage()).contains("policy 'vm-disk'"));
                Secret released = new AttestedKeyFetcher(alice, new SimulatedGuest(GOOD)).fetch(boundKey);
                assertThat(released.length()).isEqualTo(32);
                released.destroy();
            }
            PyKmipGet pyBound = pykmipGet("alice", boundKey);
            assertThat(pyBound.exit()).as(pyBound.output()).isEqualTo(3);

            // The revoked client is still refused.
            try (KmipClient bob = client("bob")) {
                assertThatThrownBy(() -> bob.get(bobKey))
                        .isInstanceOfSatisfying(
                                KmipOperationException.class,
                                e -> assertThat(e.is(ResultReason.PERMISSION_DENIED))
                                        .as(e.getMessage())
                                        .isTrue());
            }
            PyKmipGet pyBob = pykmipGet("bob", bobKey);
            assertThat(pyBob.exit()).as(pyBob.output()).isEqualTo(3);
            assertThat(pyBob.output()).contains("PERMISSION_DENIED");

            // The administrator (certificate and token) is the same; the audit chain verifies.
            assertThat(ok(kmipctl(keys("list")))).contains(boundKey);
            assertThat(ok(kmipctl("policies", "list", "--admin-url", adminUrl(), "--data-dir", dataDir.toString())))
                    .contains("vm-disk");
            assertThat(ok(kmipctl("audit", "verify", "--admin-url", adminUrl(), "--data-dir", dataDir.toString())))
                    .startsWith("intact:");
        } finally {
            assertThat(second.terminate()).as(second.output()).isZero();
        }
    }

    private void issue(String cn) {
        ok(kmipctl(
                "clients",
                "issue",
                "--cn",
                cn,
                "--service",
                "--out",
                tmp.resolve(cn).toString(),
                "--data-dir",
                dataDir.toString()));
    }

    private String[] keys(String sub, String... args) {
        return with(List.of("--server", server(), "--data-dir", dataDir.toString()), sub, args);
    }

    private String[] keysAs(String cn, String sub, String... args) {
        Path dir = tmp.resolve(cn);
        return with(
                List.of(
                        "--server",
                        server(),
                        "--ca",
                        dir.resolve("ca.pem").toString(),
                        "--cert",
                        dir.resolve(cn + ".pem").toString(),
                        "--key",
                        dir.resolve(cn + ".key").toString()),
                sub,
                args);
    }

    private static String[] with(List<String> options, String sub, String... args) {
        return Stream.of(Stream.of("keys", sub), options.stream(), Arrays.stream(args))
                .flatMap(s -> s)
                .toArray(String[]::new);
    }

    private KmipClient client(String cn) throws Exception {
        Path dir = tmp.resolve(cn);
        return new KmipClient(new KmipTransport(
                KmipEndpoint.parse(server()),
                ClientTlsConfig.fromPem(dir.resolve("ca.pem"), dir.resolve(cn + ".pem"), dir.resolve(cn + ".key")),
                TransportSettings.defaults()
                        .withConnectTimeout(Duration.ofSeconds(5))
                        .withReadTimeout(Duration.ofSeconds(30))));
    }

    record PyKmipGet(int exit, String output) {}

    private PyKmipGet pykmipGet(String cn, String uid) throws Exception {
        Path dir = tmp.resolve(cn);
        Path script = Path.of(System.getProperty("repo.root", "..")).resolve("interop/pykmip/pykmip_get_key.py");
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                script.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(ready.kmipPort()),
                "--ca",
                dir.resolve("ca.pem").toString(),
                "--cert",
                dir.resolve(cn + ".pem").toString(),
                "--key",
                dir.resolve(cn + ".key").toString(),
                "--uid",
                uid));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new PyKmipGet(p.exitValue(), new String(p.getInputStream().readAllBytes()));
    }

    private String server() {
        return "127.0.0.1:" + ready.kmipPort();
    }

    private String adminUrl() {
        return "http://127.0.0.1:" + ready.metricsPort();
    }

    private static String ok(Result r) {
        assertThat(r.exit()).as(r.err()).isZero();
        return r.out();
    }

    private static void deleteTree(Path root) throws Exception {
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[48];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
