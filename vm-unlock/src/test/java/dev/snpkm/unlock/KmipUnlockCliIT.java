package dev.snpkm.unlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.sev.testing.UnsignedReportBuilder;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.key.KeySourceException;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.LuksUnlocker;
import dev.snpkm.unlock.luks.RecordingProcessRunner;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The kmip-unlock commands over an emulated SNP guest, a fixed key source and real cryptsetup on a LUKS2 file. */
@Timeout(60)
class KmipUnlockCliIT {
    private static final byte[] DEK =
            HexFormat.of().parseHex("5f0a1e2d3c4b5a69788796a5b4c3d2e1f00a112233445566778899aabbccddee");
    private static final byte[] MEASUREMENT = new byte[48];
    /** The fixed key source never connects; the attested exchange is AttestedUnlockEndToEndIT's job. */
    private static final int UNUSED_PORT = 9;

    static {
        Arrays.fill(MEASUREMENT, (byte) 0x42);
    }

    @TempDir
    static Path shared;

    private static TestPki pki;

    @TempDir
    Path dir;

    private final AtomicInteger keyRequests = new AtomicInteger();
    private final AtomicReference<ReleaseWrapping> wrappingAsked = new AtomicReference<>();
    private final RecordingProcessRunner processes = new RecordingProcessRunner();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void pki() {
        pki = TestPki.generate(shared.resolve("pki"));
    }

    private static FakeTsm snpTsm() {
        return new FakeTsm(
                inblob -> new UnsignedReportBuilder()
                        .reportData(inblob)
                        .measurement(MEASUREMENT)
                        .policy(0x30000L)
                        .vmpl(0)
                        .cpuid(0x19, 0x11, 1)
                        .tcb(0xdb18000000000004L)
                        .build(),
                new byte[] {9, 9},
                "sev_guest");
    }

    private int run(Path root, FakeTsm tsm, String... args) {
        return run(fixedKeys(), root, tsm, args);
    }

    private int run(KeySourceFactory keys, Path root, FakeTsm tsm, String... args) {
        UnlockEnvironment env = new UnlockEnvironment(root, tsm, processes, keys, "cryptsetup");
        CommandLine cl = KmipUnlock.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** Hands out DEK for "disk-1" and refuses other ids, like the key manager would; counts the requests. */
    private KeySourceFactory fixedKeys() {
        return (transport, attestation, wrapping) -> keyId -> {
            keyRequests.incrementAndGet();
            wrappingAsked.set(wrapping);
            if (!keyId.equals("disk-1")) {
                throw new KeySourceException("key manager refused key '" + keyId + "': ITEM_NOT_FOUND");
            }
            return DEK.clone();
        };
    }

    private List<String> tlsArgs(int port) {
        return List.of(
                "--server",
                "127.0.0.1:" + port,
                "--ca",
                pki.caCertificatePem().toString(),
                "--cert",
                pki.client().certificatePem().toString(),
                "--key",
                pki.client().privateKeyPem().toString(),
                "--attempts",
                "2");
    }

    private static String[] args(List<String> first, String... more) {
        List<String> all = new ArrayList<>(first);
        all.addAll(List.of(more));
        return all.toArray(new String[0]);
    }

    @Test
    void openRefusesOutsideAnSnpGuestBeforeAnyNetworkConnection() throws Exception {
        AtomicInteger accepted = new AtomicInteger();
        try (ServerSocket listener = new ServerSocket(0, 5, InetAddress.getByName("127.0.0.1"))) {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try (Socket s = listener.accept()) {
                        accepted.incrementAndGet();
                    } catch (Exception closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
            Path image = LuksImage.format(dir);

            int status = run(
                    EmulatedGuest.plainVm(dir.resolve("root")),
                    snpTsm(),
                    args(
                            List.of("open"),
                            args(
                                    tlsArgs(listener.getLocalPort()),
                                    "--key-id",
                                    "disk-1",
                                    "--device",
                                    image.toString(),
                                    "--name",
                                    "root",
                                    "--guest-wait",
                                    "0.3")));

            assertThat(status).isEqualTo(ExitCodes.SECURITY_VIOLATION);
            assertThat(err.toString())
                    .startsWith("Security Violation: not an SEV-SNP guest")
                    .contains("dev/sev-guest");
            Thread.sleep(200);
            assertThat(accepted).as("connections to the key manager").hasValue(0);
            assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        }
    }

    @Test
    void openUnlocksTheVolumeEndToEndWithSettingsFromTheConfigFile() throws Exception {
        Path image = LuksImage.format(dir);
        new dev.snpkm.unlock.luks.LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30))
                .enroll(image, LuksImage.passphraseFile(dir), DEK.clone(), LuksImage.FAST_PBKDF);
        {
            Path config = dir.resolve("kmip-unlock.conf");
            Files.writeString(
                    config,
                    "# boot agent settings\nserver=127.0.0.1:" + UNUSED_PORT + "\nkey-id=disk-1\n"
                            + "ca=" + pki.caCertificatePem() + "\ncert="
                            + pki.client().certificatePem() + "\nkey="
                            + pki.client().privateKeyPem() + "\ndevice=" + image + "\nname=root\n");

            int status = run(
                    EmulatedGuest.snp(dir.resolve("root")),
                    snpTsm(),
                    "open",
                    "--config",
                    config.toString(),
                    "--test-passphrase");

            assertThat(err.toString()).isEmpty();
            assertThat(status).isEqualTo(ExitCodes.OK);
            assertThat(out.toString()).contains("the key manager's key opens " + image);
            assertThat(keyRequests).hasValue(1);
            assertThat(processes.invocations())
                    .singleElement()
                    .extracting(i -> i.command())
                    .asList()
                    .contains("--test-passphrase", "--key-file=-", "--keyfile-size=32");
            processes.assertKeyNeverPassedOutsideStdin(DEK);
            assertThat(out.toString() + err).doesNotContain(HexFormat.of().formatHex(DEK));
        }
    }

    @Test
    void openWithAKeyThatIsNotEnrolledFailsWithTheEnrollHint() throws Exception {
        Path image = LuksImage.format(dir);
        {
            int status = run(
                    EmulatedGuest.snp(dir.resolve("root")),
                    snpTsm(),
                    args(
                            List.of("open"),
                            args(
                                    tlsArgs(UNUSED_PORT),
                                    "--key-id",
                                    "disk-1",
                                    "--device",
                                    image.toString(),
                                    "--test-passphrase")));

            assertThat(status).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString()).contains("opens no keyslot").contains("kmip-unlock enroll");
        }
    }

    @Test
    void theReleaseWrappingIsEcdhP256UnlessTheConfigFileOrTheCommandLineSaysOtherwise() throws Exception {
        Path image = LuksImage.format(dir);
        Path root = EmulatedGuest.snp(dir.resolve("root"));
        List<String> open = List.of("--key-id", "disk-1", "--device", image.toString(), "--test-passphrase");
        run(root, snpTsm(), args(List.of("open"), args(tlsArgs(UNUSED_PORT), open.toArray(String[]::new))));
        assertThat(wrappingAsked.get()).isEqualTo(ReleaseWrapping.ECDH_P256_AES_KW);

        Path config = dir.resolve("rsa.conf");
        Files.writeString(config, "release-wrapping=rsa-oaep\n");
        run(
                root,
                snpTsm(),
                args(List.of("open"), args(tlsArgs(UNUSED_PORT), args(open, "--config", config.toString()))));
        assertThat(wrappingAsked.get()).isEqualTo(ReleaseWrapping.RSA_OAEP_SHA256);

        run(
                root,
                snpTsm(),
                args(
                        List.of("open"),
                        args(
                                tlsArgs(UNUSED_PORT),
                                args(open, "--config", config.toString(), "--release-wrapping", "ecdh-p384"))));
        assertThat(wrappingAsked.get())
                .as("the command line overrides the file")
                .isEqualTo(ReleaseWrapping.ECDH_P384_AES_KW);
    }

    @Test
    void anUnknownReleaseWrappingIsAUsageErrorBeforeAnyKeyRequest() throws Exception {
        int status = run(
                EmulatedGuest.snp(dir.resolve("root")),
                snpTsm(),
                args(
                        List.of("open"),
                        args(
                                tlsArgs(UNUSED_PORT),
                                "--key-id",
                                "disk-1",
                                "--device",
                                "/dev/null",
                                "--test-passphrase",
                                "--release-wrapping",
                                "aes")));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("ecdh-p384, rsa-oaep").contains("'aes'");
        assertThat(keyRequests.get()).isZero();
    }

    @Test
    void openReportsAnUnknownKeyIdAsTheServerExplainedIt() throws Exception {
        Path image = LuksImage.format(dir);
        {
            int status = run(
                    EmulatedGuest.snp(dir.resolve("root")),
                    snpTsm(),
                    args(
                            List.of("open"),
                            args(
                                    tlsArgs(UNUSED_PORT),
                                    "--key-id",
                                    "disk-9",
                                    "--device",
                                    image.toString(),
                                    "--test-passphrase")));

            assertThat(status).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString()).contains("ITEM_NOT_FOUND");
            assertThat(processes.invocations()).isEmpty();
        }
    }

    /**
     * Everything local is checked before the exchange starts; a runtime failure during it (here one the key source did
     * not foresee, as an IllegalArgumentException over a malformed answer was) is a failed fetch, exit 1, not exit 2.
     */
    @Test
    void aRuntimeFailureDuringTheFetchIsAFailedFetchNotAUsageError() {
        KeySourceFactory failing = (transport, attestation, wrapping) -> keyId -> {
            throw new IllegalArgumentException("the nonce must not be empty");
        };

        int status = run(
                failing,
                EmulatedGuest.snp(dir.resolve("root")),
                snpTsm(),
                args(
                        List.of("open"),
                        args(tlsArgs(UNUSED_PORT), "--key-id", "disk-1", "--device", "/dev/vdb", "--test-passphrase")));

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString())
                .isEqualTo("kmip-unlock: cannot get key 'disk-1': unexpected java.lang.IllegalArgumentException: the "
                        + "nonce must not be empty" + System.lineSeparator());
        assertThat(processes.invocations()).isEmpty();
    }

    @Test
    void enrollAddsTheServersKeySoThatItOpensTheVolume() throws Exception {
        Path image = LuksImage.format(dir);
        {
            int status = run(
                    EmulatedGuest.snp(dir.resolve("root")),
                    snpTsm(),
                    args(
                            List.of("enroll"),
                            args(
                                    tlsArgs(UNUSED_PORT),
                                    "--key-id",
                                    "disk-1",
                                    "--device",
                                    image.toString(),
                                    "--existing-passphrase-file",
                                    LuksImage.passphraseFile(dir).toString(),
                                    "--pbkdf",
                                    "pbkdf2",
                                    "--pbkdf-iterations",
                                    "1000")));

            assertThat(err.toString()).isEmpty();
            assertThat(status).isEqualTo(ExitCodes.OK);
            new LuksUnlocker(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30))
                    .testKey(image, DEK.clone());
            processes.assertKeyNeverPassedOutsideStdin(DEK);
        }
    }

    @Test
    void checkPrintsTheAttestationFactsOfAFreshReport() {
        FakeTsm tsm = snpTsm();
        int status = run(EmulatedGuest.snp(dir.resolve("root")), tsm, "check");

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains(
                        "SEV-SNP guest: yes",
                        "TSM provider: sev_guest",
                        "Measurement: " + HexFormat.of().formatHex(MEASUREMENT),
                        "VMPL: 0",
                        "Policy: 0x30000 (ABI 0.0, SMT allowed, migration agent off, debug off",
                        "Current TCB: 0xdb18000000000004 (bootloader 4, TEE 0, SNP 24, microcode 219)",
                        "CPUID: family 0x19 model 0x11 stepping 1",
                        "Certificate table: 2 bytes");
        assertThat(tsm.inblobs()).hasSize(1);
    }

    @Test
    void checkOutsideAnSnpGuestSaysWhatIsMissingAndFails() {
        int status = run(EmulatedGuest.plainVm(dir.resolve("root")), snpTsm(), "check");

        assertThat(status).isEqualTo(ExitCodes.SECURITY_VIOLATION);
        assertThat(out.toString()).contains("SEV-SNP guest: no", "missing: no ");
        assertThat(err.toString()).startsWith("Security Violation:");
    }

    @Test
    void aMissingSettingIsAUsageErrorNamingBothWaysToSetIt() {
        Path root = EmulatedGuest.snp(dir.resolve("root"));
        int status = run(
                root,
                snpTsm(),
                "open",
                "--config",
                dir.resolve("none.conf").toString(),
                "--device",
                "/dev/vda2",
                "--name",
                "root");

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("cannot read config file");

        err.getBuffer().setLength(0);
        status = run(root, snpTsm(), "open", "--device", "/dev/vda2", "--name", "root", "--server", "127.0.0.1:1");
        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("missing setting 'key-id': pass --key-id or set key-id=");
    }

    private Path guestWithCrypttab() throws Exception {
        Path root = EmulatedGuest.snp(dir.resolve("root"));
        Files.createDirectories(root.resolve("etc"));
        Files.createDirectories(root.resolve("dev/disk/by-uuid"));
        Files.createFile(root.resolve("dev/vdb"));
        Files.createSymbolicLink(root.resolve("dev/disk/by-uuid/0b6e7c5e"), Path.of("../../vdb"));
        Files.writeString(root.resolve("etc/crypttab"), "data UUID=0b6e7c5e none luks,_netdev\n");
        return root;
    }

    @Test
    void openMapsUnderTheNameCrypttabGivesTheDevice() throws Exception {
        int status = run(
                guestWithCrypttab(),
                snpTsm(),
                args(
                        List.of("open"),
                        args(tlsArgs(UNUSED_PORT), "--key-id", "disk-1", "--device", "/dev/vdb", "--key-slot", "1")));

        // /dev/vdb exists only in the emulated tree, so the real cryptsetup fails; its command line is the point.
        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(processes.invocations())
                .singleElement()
                .extracting(i -> i.command())
                .asList()
                .containsExactly(
                        "cryptsetup",
                        "open",
                        "--type",
                        "luks",
                        "--key-file=-",
                        "--keyfile-size=32",
                        "--key-slot=1",
                        "/dev/vdb",
                        "data");
    }

    @Test
    void aNameThatContradictsCrypttabIsAUsageErrorBeforeAnyKeyRequest() throws Exception {
        int status = run(
                guestWithCrypttab(),
                snpTsm(),
                args(
                        List.of("open"),
                        args(tlsArgs(UNUSED_PORT), "--key-id", "disk-1", "--device", "/dev/vdb", "--name", "root")));

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("name=root but /etc/crypttab names /dev/vdb 'data'", "remove name= or set name=data");
        assertThat(keyRequests.get()).isZero();
    }
}
