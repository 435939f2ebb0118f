package dev.snpkm.testsuite.release;

import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.release.NonceKeys;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.ServerSettings;
import dev.snpkm.server.transport.TransportCounters;
import dev.snpkm.sev.testing.SnpReportBuilder;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.testing.VekSpec;
import dev.snpkm.sev.verify.ReportVerifier;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Set;

/**
 * The key server of the boot storm ({@link BootStorm}), in a JVM of its own: production transport settings
 * ({@link ServerSettings#defaults}) on 127.0.0.1, a real H2 file, the real attestation gate trusting the test AMD
 * hierarchy, the nonce key derived from the master key as the appliance does. Reads its PKI and policy file from the
 * directory given, writes the simulated PSP's VCEK (issued by the hierarchy it trusts) to {@code vek/}; prints
 * {@code PORT n} when ready, answers a {@code COUNTERS} line on stdin with its transport counters
 * ({@code COUNTERS name=value ...}) and stops when its stdin closes.
 *
 * <p>Arguments: directory (ca.pem, server.pem, server-key.pem, policies.yaml), administrator subject DN, and
 * optionally {@code per-source=CONNECTIONS,HANDSHAKES} replacing the shipped per-source limits (tests only: the
 * benchmark runs with the shipped ones).
 */
public final class BootStormServer {
    private BootStormServer() {}

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        String adminDn = args[1];
        Clock clock = Clock.systemUTC();
        byte[] master = new byte[32];
        new SecureRandom().nextBytes(master);
        SoftwareMasterKey masterKey = new SoftwareMasterKey(1, master);
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(dir.resolve("policies.yaml"), clock);
        ServerSettings settings = ServerSettings.defaults(
                        TlsSettings.of(dir.resolve("server.pem"), dir.resolve("server-key.pem"), dir.resolve("ca.pem"))
                                .withProvider(TestServerSettings.defaultProvider()))
                .withBindAddress(new InetSocketAddress("127.0.0.1", 0))
                .withTransport(TestServerSettings.defaultTransport());
        if (args.length > 2 && args[2].startsWith("per-source=")) {
            String[] n = args[2].substring("per-source=".length()).split(",");
            settings = settings.withPeerLimits(
                    settings.peers().withPerSource(Integer.parseInt(n[0]), Integer.parseInt(n[1])));
        }
        // The nonce purge, metrics and action audit come with the server, as on the appliance.
        try (RunningKmipServer server = KmipServerBuilder.serving(settings, masterKey)
                .h2File(dir.resolve("store"))
                .administrators(Set.of(adminDn))
                .clock(clock)
                .gate(parts -> AttestedReleaseGate.builder()
                        .nonces(parts.nonces())
                        .verifier(ReportVerifier.builder()
                                .roots(TestAmdHierarchy.get().rootStore())
                                .clock(clock)
                                .build())
                        .policies(policies)
                        .auditor(new ReleaseAuditor(parts.audit()))
                        .metrics(new ReleaseMetrics(parts.meters()))
                        .clock(clock)
                        .nonceKey(NonceKeys.derivedFrom(masterKey))
                        .build())
                .start()) {
            // The simulated PSP's VCEK, from this JVM's test AMD hierarchy (the one the gate trusts), for the driver.
            SnpReportBuilder chip = new SnpReportBuilder();
            TestAmdHierarchy.get()
                    .issue(VekSpec.vcek(chip.product(), chip.effectiveChipId(), chip.effectiveReportedTcb()))
                    .save(java.nio.file.Files.createDirectories(dir.resolve("vek")));
            System.out.println("PORT " + server.port());
            System.out.flush();
            answerUntilStdinCloses(server.server().counters());
        }
    }

    /** The driver asks for counters with a line {@code COUNTERS} and closes our stdin to stop us. */
    private static void answerUntilStdinCloses(TransportCounters c) throws IOException {
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.US_ASCII));
        for (String line = in.readLine(); line != null; line = in.readLine()) {
            if (line.strip().equals("COUNTERS")) {
                System.out.println("COUNTERS accepted=" + c.connectionsAccepted() + " rejected="
                        + c.connectionsRejected() + " source-refusals=" + c.sourceRefusals() + " handshake-failures="
                        + c.handshakeFailures() + " busy=" + c.busyResponses() + " rate-limited=" + c.rateLimited()
                        + " frame-timeouts=" + c.frameTimeouts() + " idle-closures=" + c.idleClosures()
                        + " requests=" + c.requestsProcessed());
                System.out.flush();
            }
        }
    }
}
