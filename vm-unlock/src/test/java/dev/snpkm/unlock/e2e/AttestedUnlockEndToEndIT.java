package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestEvidence;
import dev.snpkm.unlock.ExitCodes;
import dev.snpkm.unlock.KeySourceFactory;
import dev.snpkm.unlock.KmipUnlock;
import dev.snpkm.unlock.UnlockEnvironment;
import dev.snpkm.unlock.guest.EmulatedGuest;
import dev.snpkm.unlock.luks.LuksEnroller;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.LuksUnlocker;
import dev.snpkm.unlock.luks.RecordingProcessRunner;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code kmip-unlock open} and {@code enroll} against our key manager with the real attested release gate; everything
 * is real except the AMD chip, which an emulated configfs-tsm plays by signing each report over exactly its inblob
 * with a VCEK of the test AMD hierarchy. Provisioning is the operator's: the administrator registers each DEK, binds
 * it and grants the VM's certificate (by subject DN or fingerprint); the VM, another client certificate, unlocks.
 * Success means the key manager verified the report and cryptsetup accepted the key.
 */
@Timeout(60)
class AttestedUnlockEndToEndIT {
    private static final byte[] MEASUREMENT = filled(48, 0x6D);
    private static final byte[] OTHER_MEASUREMENT = filled(48, 0x13);
    /** Guest POLICY: SMT allowed, reserved bit 17 set, debug off (bit 19 clear). */
    private static final long GUEST_POLICY = 0x30000L;

    private static final long DEBUG_BIT = 1L << 19;

    @TempDir
    static Path dir;

    static TestPki pki;
    /** The VM's own client certificate: neither the owner of its DEK nor an administrator. */
    static TestPki.Credential vm;

    static AttestedKeyManager kms;
    static byte[] dek = new byte[32];
    static String keyId;
    static Path image;

    private final RecordingProcessRunner processes = new RecordingProcessRunner();
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @BeforeAll
    static void provision() throws Exception {
        pki = TestPki.generate(dir.resolve("pki"));
        kms = AttestedKeyManager.start(dir, pki, MEASUREMENT);
        new SecureRandom().nextBytes(dek);
        vm = pki.issueClient("vm", "vm-0001");
        keyId = kms.provisionBoundKey(AttestedKeyManager.subjectDn(vm), dek);
        image = LuksImage.format(dir);
        new LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30))
                .enroll(image, LuksImage.passphraseFile(dir), dek.clone(), LuksImage.FAST_PBKDF);
    }

    @AfterAll
    static void stop() {
        if (kms != null) {
            kms.close();
        }
    }

    /** An SNP guest whose secure processor signs reports with the given measurement and guest policy. */
    private static FakeTsm guest(byte[] measurement, long policy) {
        AtomicReference<byte[]> certTable = new AtomicReference<>(new byte[0]);
        return new FakeTsm(
                inblob -> {
                    TestEvidence e = TestEvidence.generate(
                            new SnpReportBuilder()
                                    .measurement(measurement)
                                    .policy(policy)
                                    .reportData(inblob),
                            SigningKey.VCEK);
                    certTable.set(e.certTable());
                    return e.report();
                },
                () -> certTable.get().clone(),
                "sev_guest");
    }

    private int open(Path root, FakeTsm tsm) {
        return run(root, tsm, "open", "--key-id", keyId, "--device", image.toString(), "--test-passphrase");
    }

    /** kmip-unlock as the VM: its own certificate, one attempt, loopback. */
    private int run(Path root, FakeTsm tsm, String command, String... more) {
        return runAt("127.0.0.1:" + kms.port(), root, tsm, command, more);
    }

    private int runAt(String servers, Path root, FakeTsm tsm, String command, String... more) {
        UnlockEnvironment env = new UnlockEnvironment(root, tsm, processes, KeySourceFactory.attested(), "cryptsetup");
        CommandLine cl = KmipUnlock.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        List<String> args = new ArrayList<>(List.of(
                command,
                "--server",
                servers,
                "--ca",
                pki.caCertificatePem().toString(),
                "--cert",
                vm.certificatePem().toString(),
                "--key",
                vm.privateKeyPem().toString(),
                "--attempts",
                "1",
                "--read-timeout",
                "20"));
        args.addAll(List.of(more));
        return cl.execute(args.toArray(String[]::new));
    }

    private Path snpRoot(String name) {
        return EmulatedGuest.snp(dir.resolve(name));
    }

    private void assertDekNeverPrinted() {
        String printed = out.toString() + err;
        for (String form : List.of(
                HexFormat.of().formatHex(dek),
                HexFormat.of().withUpperCase().formatHex(dek),
                Base64.getEncoder().encodeToString(dek))) {
            assertThat(printed).doesNotContain(form);
        }
    }

    @Test
    void anHonestGuestGetsItsKeyReleasedAndCryptsetupAcceptsIt() {
        FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);

        int status = open(snpRoot("honest"), tsm);

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("the key manager's key opens " + image);
        assertThat(tsm.inblobs()).as("one report, bound to the server's nonce").hasSize(1);
        assertThat(processes.invocations()).singleElement().satisfies(i -> {
            assertThat(i.command()).contains("--test-passphrase", "--key-file=-", "--keyfile-size=" + dek.length);
            assertThat(i.stdinBytes())
                    .as("the key padded to the pipe stream's buffer")
                    .isEqualTo(8192);
        });
        processes.assertKeyNeverPassedOutsideStdin(dek);
        assertDekNeverPrinted();
    }

    @Test
    void withTheFirstKeyManagerDownTheGuestFailsOverToTheNextInOneAttempt() throws Exception {
        FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);
        String down;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            down = "127.0.0.1:" + s.getLocalPort(); // closed again before the guest dials: connection refused
        }

        int status = runAt(
                down + ",127.0.0.1:" + kms.port(),
                snpRoot("failover"),
                tsm,
                "open",
                "--key-id",
                keyId,
                "--device",
                image.toString(),
                "--test-passphrase");

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("the key manager's key opens " + image);
        assertDekNeverPrinted();
    }

    /**
     * A boot storm meets a busy key manager: here its challenge rate limit (one per second per certificate, burst 1),
     * which the VM's first unlock used up. The second unlock's round 1 is refused with Server Limit Exceeded, and the
     * guest starts the release again after a pause instead of failing the boot.
     */
    @Test
    void aGuestRefusedForNowByABusyKeyManagerRetriesAndUnlocks() throws Exception {
        try (AttestedKeyManager limited = AttestedKeyManager.start(
                java.nio.file.Files.createDirectories(dir.resolve("limited")),
                pki,
                MEASUREMENT,
                new RateLimit(1.0, 1))) {
            String limitedKey = limited.provisionBoundKey(AttestedKeyManager.subjectDn(vm), dek);
            FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);
            String[] open = {"--key-id", limitedKey, "--device", image.toString(), "--test-passphrase"};
            String server = "127.0.0.1:" + limited.port();
            assertThat(runAt(server, snpRoot("limited-1"), tsm, "open", open)).isEqualTo(ExitCodes.OK);

            int status = runAt(server, snpRoot("limited-2"), tsm, "open", open); // at once: no challenge left

            assertThat(err.toString()).isEmpty();
            assertThat(status).isEqualTo(ExitCodes.OK);
            assertThat(limited.rateLimitedChallenges())
                    .as("the second unlock was refused first")
                    .isPositive();
            assertThat(tsm.inblobs())
                    .as("a report only for each challenge answered")
                    .hasSize(2);
            assertDekNeverPrinted();
        }
    }

    @Test
    void theRsaOaepReleaseStaysSelectableAndOpensTheVolume() {
        FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);

        int status = run(
                snpRoot("rsa"),
                tsm,
                "open",
                "--key-id",
                keyId,
                "--device",
                image.toString(),
                "--test-passphrase",
                "--release-wrapping",
                "rsa-oaep");

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("the key manager's key opens " + image);
        assertThat(processes.invocations())
                .singleElement()
                .satisfies(i -> assertThat(i.command()).contains("--keyfile-size=" + dek.length));
        assertDekNeverPrinted();
    }

    @Test
    void aGuestWithAnotherMeasurementIsRefusedAndNothingIsUnlocked() {
        int status = open(snpRoot("tampered"), guest(OTHER_MEASUREMENT, GUEST_POLICY));

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("ATTESTATION_FAILED").contains("MEASUREMENT_NOT_ALLOWED");
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        assertDekNeverPrinted();
    }

    @Test
    void aGuestLaunchedWithDebugAllowedIsRefusedAndNothingIsUnlocked() {
        int status = open(snpRoot("debug"), guest(MEASUREMENT, GUEST_POLICY | DEBUG_BIT));

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("DEBUG_ENABLED").doesNotContain("MEASUREMENT_NOT_ALLOWED");
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        assertDekNeverPrinted();
    }

    @Test
    void aVmWithoutSnpMemoryEncryptionIsASecurityViolationWithoutContactingTheKeyManager() {
        long before = kms.connectionsAccepted();
        FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);

        // No /dev/sev-guest: the kernel creates it only when SNP memory encryption is active.
        int status = open(EmulatedGuest.build(dir.resolve("no-snp"), true, false), tsm);

        assertThat(status).isEqualTo(ExitCodes.SECURITY_VIOLATION);
        assertThat(err.toString())
                .startsWith("Security Violation: not an SEV-SNP guest")
                .contains("dev/sev-guest");
        assertThat(kms.connectionsAccepted() - before)
                .as("connections to the key manager")
                .isZero();
        assertThat(tsm.inblobs()).as("reports requested").isEmpty();
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
    }

    @Test
    void theReleasedKeyIsTheProvisionedDekAndOpensTheImageOnItsOwn() throws Exception {
        // Independent of the CLI: the image refuses a wrong key and accepts the DEK (so "exit 0" above means it).
        LuksUnlocker unlocker = new LuksUnlocker(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30));
        unlocker.testKey(image, dek.clone());
        byte[] wrong = dek.clone();
        wrong[0] ^= 1;
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> unlocker.testKey(image, wrong))
                .hasMessageContaining("opens no keyslot");
    }

    @Test
    void aKeyGrantedToTheVmButBoundToNoPolicyIsRefusedByTheServerBeforeAnyDisclosure() throws Exception {
        byte[] unboundDek = new byte[32];
        new SecureRandom().nextBytes(unboundDek);
        String unbound = kms.provisionUnboundKey(AttestedKeyManager.subjectDn(vm), unboundDek);
        FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);

        int status = run(
                snpRoot("unbound"),
                tsm,
                "open",
                "--key-id",
                unbound,
                "--device",
                image.toString(),
                "--test-passphrase");

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        // The key manager refuses (a grantee receives key material only through the attested Get), so the guest's
        // own check ("not attestation-bound") never has to catch a key that was already sent.
        assertThat(err.toString()).contains("PERMISSION_DENIED", "not bound to an attestation policy");
        assertThat(tsm.inblobs()).as("reports requested").isEmpty();
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        assertThat(out.toString() + err).doesNotContain(HexFormat.of().formatHex(unboundDek));
    }

    @Test
    void aBoundKeyNotGrantedToTheVmIsDeniedEvenToAnHonestGuest() throws Exception {
        byte[] otherDek = new byte[32];
        new SecureRandom().nextBytes(otherDek);
        String ungranted = kms.provisionUngrantedKey(otherDek);

        int status = run(
                snpRoot("ungranted"),
                guest(MEASUREMENT, GUEST_POLICY),
                "open",
                "--key-id",
                ungranted,
                "--device",
                image.toString(),
                "--test-passphrase");

        assertThat(status).isEqualTo(ExitCodes.FAILED);
        assertThat(err.toString()).contains("PERMISSION_DENIED");
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
    }

    @Test
    void enrollAddsTheReleasedKeyAsAKeyslotThatOpenThenUses() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("enroll"));
        Path fresh = LuksImage.format(volume);
        byte[] enrollDek = new byte[32];
        new SecureRandom().nextBytes(enrollDek);
        // This time the grant names the VM certificate's fingerprint rather than its subject.
        String enrollKey = kms.provisionBoundKey(AttestedKeyManager.fingerprint(vm), enrollDek);
        LuksUnlocker unlocker = new LuksUnlocker(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30));
        assertThatThrownBy(() -> unlocker.testKey(fresh, enrollDek.clone()))
                .as("before enroll")
                .hasMessageContaining("opens no keyslot");

        List<String> enroll = new ArrayList<>(List.of("--key-id", enrollKey));
        enroll.addAll(enrollOptions(volume, fresh));
        int enrolled =
                run(snpRoot("enroll"), guest(MEASUREMENT, GUEST_POLICY), "enroll", enroll.toArray(String[]::new));

        assertThat(err.toString()).isEmpty();
        assertThat(enrolled).isEqualTo(ExitCodes.OK);
        assertThat(out.toString())
                .contains(
                        "added key slot 1 for key '" + enrollKey + "' to " + fresh + ", marked preferred",
                        "set key-slot=1 in the config file");
        unlocker.testKey(fresh, enrollDek.clone());

        int opened = run(
                snpRoot("enroll-open"),
                guest(MEASUREMENT, GUEST_POLICY),
                "open",
                "--key-id",
                enrollKey,
                "--device",
                fresh.toString(),
                "--test-passphrase");

        assertThat(err.toString()).isEmpty();
        assertThat(opened).isEqualTo(ExitCodes.OK);
        assertThat(out.toString()).contains("the key manager's key opens " + fresh);
        processes.assertKeyNeverPassedOutsideStdin(enrollDek);
        assertThat(out.toString() + err).doesNotContain(HexFormat.of().formatHex(enrollDek));
    }

    /**
     * The administrator binds the wrong object as the disk key: a password, an HMAC key of one byte, an HMAC key of 32
     * bytes, a Secret Data of 32 bytes (the server refuses an "AES" key of a size AES has not). enroll would put it behind PBKDF2 with 1,000 iterations (the README's advice for 256
     * random bits), a keyslot that an offline attacker with the disk image brute-forces; so kmip-unlock refuses it,
     * in enroll and open alike, in one line and before cryptsetup runs.
     */
    @Test
    void aReleasedKeyThatIsNotAnAesKeyIsRefusedBeforeCryptsetupRuns() throws Exception {
        Path volume = Files.createDirectories(dir.resolve("weak"));
        Path fresh = LuksImage.format(volume);
        String vmDn = AttestedKeyManager.subjectDn(vm);
        byte[] pin = "1234".getBytes(java.nio.charset.StandardCharsets.US_ASCII);
        byte[] tiny = {7};
        byte[] hmac256 = new byte[32];
        byte[] opaque32 = new byte[32];
        new SecureRandom().nextBytes(hmac256);
        new SecureRandom().nextBytes(opaque32);
        Object[][] cases = {
            {"enroll", kms.provisionBoundObject(vmDn, Requests.password(pin)), "Secret Data of 32 bits"},
            {"enroll", kms.provisionBoundObject(vmDn, hmac(tiny)), "HMAC_SHA256 Symmetric Key of 8 bits"},
            {"open", kms.provisionBoundObject(vmDn, hmac(hmac256)), "HMAC_SHA256 Symmetric Key of 256 bits"},
            {"open", kms.provisionBoundObject(vmDn, Requests.password(opaque32)), "Secret Data of 256 bits"},
        };
        List<String> enroll = enrollOptions(volume, fresh);
        List<String> open = List.of("--device", fresh.toString(), "--test-passphrase");
        int n = 0;
        for (Object[] c : cases) {
            String command = (String) c[0];
            String key = (String) c[1];
            List<String> more = new ArrayList<>(List.of("--key-id", key));
            more.addAll(command.equals("enroll") ? enroll : open);

            int status =
                    run(snpRoot("weak-" + n++), guest(MEASUREMENT, GUEST_POLICY), command, more.toArray(String[]::new));

            assertThat(status).as("%s %s", command, c[2]).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString().lines().toList().get(n - 1))
                    .isEqualTo("kmip-unlock: key '" + key + "' was released as " + c[2]
                            + ", not as the AES Symmetric Key of 128, 192 or 256 bits expected; it was destroyed unused:"
                            + " a disk key must be an AES key (kmipctl keys create makes one); have an administrator"
                            + " bind and grant one, then enroll it");
        }
        assertThat(err.toString().lines()).as("one line each").hasSize(cases.length);
        assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        assertThat(out.toString()).isEmpty();
        for (byte[] weak : List.of(pin, hmac256, opaque32)) { // not tiny: "07" may be part of a key id
            assertThat(err.toString()).doesNotContain(HexFormat.of().formatHex(weak));
        }
    }

    private static ManagedObject hmac(byte[] key) {
        return new ManagedObject.SymmetricKey(KeyBlock.raw(key, CryptographicAlgorithm.HMAC_SHA256, key.length * 8));
    }

    /**
     * A key manager that asks for attestation with an empty Nonce Value broke the protocol: REPORT_DATA would bind
     * nothing fresh. That is a failed fetch (exit 1, its reason in one line), not a usage error (exit 2), and not
     * retried: an authenticated server that answers malformed once will again.
     */
    @Test
    void aKeyManagerThatChallengesWithAnEmptyNonceFailsTheFetchWithoutRetrying() throws Exception {
        java.util.concurrent.atomic.AtomicInteger challenges = new java.util.concurrent.atomic.AtomicInteger();
        try (AttestedKeyManager broken = AttestedKeyManager.start(
                Files.createDirectories(dir.resolve("empty-nonce")), pki, null, parts -> request -> {
                    challenges.incrementAndGet();
                    return new ReleaseDecision.ChallengeRequired(
                            new Nonce(Bytes.of(new byte[] {1}), Bytes.of(new byte[0])),
                            List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT)));
                })) {
            String key = broken.provisionBoundKey(AttestedKeyManager.subjectDn(vm), dek);
            FakeTsm tsm = guest(MEASUREMENT, GUEST_POLICY);

            int status = runAt(
                    "127.0.0.1:" + broken.port(),
                    snpRoot("empty-nonce"),
                    tsm,
                    "open",
                    "--key-id",
                    key,
                    "--device",
                    image.toString(),
                    "--test-passphrase");

            assertThat(status).isEqualTo(ExitCodes.FAILED);
            assertThat(err.toString())
                    .hasLineCount(1)
                    .startsWith("kmip-unlock: key manager refused key '" + key + "': ")
                    .contains("INVALID_MESSAGE", "Attestation Required with an empty Nonce Value");
            assertThat(challenges.get()).as("release attempts").isEqualTo(1);
            assertThat(tsm.inblobs()).as("reports requested").isEmpty();
            assertThat(processes.invocations()).as("cryptsetup runs").isEmpty();
        }
    }

    /** enroll's options for {@code image}, formatted in {@code volume}. */
    private static List<String> enrollOptions(Path volume, Path image) {
        List<String> options = new ArrayList<>(List.of("--device", image.toString()));
        options.addAll(LuksImage.enrollOptions(volume));
        return options;
    }

    private static byte[] filled(int n, int v) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
