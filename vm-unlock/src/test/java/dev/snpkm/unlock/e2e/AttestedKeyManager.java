package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.release.NonceKeys;
import dev.snpkm.server.testing.KmipTestConnection;
import dev.snpkm.server.testing.Requests;
import dev.snpkm.server.testing.TestPki;
import dev.snpkm.server.testing.TestServerSettings;
import dev.snpkm.sev.testing.TestAmdHierarchy;
import dev.snpkm.sev.verify.ReportVerifier;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Our key manager as the appliance runs it, minus the AMD chip: wired by {@link KmipServerBuilder} over mTLS with the
 * real AttestedReleaseGate (nonces and audit in the server's store), a ReportVerifier trusting only the TEST AMD
 * hierarchy, and a policy file with {@code vm-prod}: one allowed measurement, debug forbidden (the default),
 * wrapped release only.
 */
public final class AttestedKeyManager implements AutoCloseable {
    public static final String POLICY = "vm-prod";

    private final TestPki pki;
    private final TestPki.Credential admin;
    private final RunningKmipServer server;

    private AttestedKeyManager(TestPki pki, TestPki.Credential admin, RunningKmipServer server) {
        this.pki = pki;
        this.admin = admin;
        this.server = server;
    }

    public static AttestedKeyManager start(Path dir, TestPki pki, byte[] allowedMeasurement) throws Exception {
        return start(dir, pki, allowedMeasurement, null);
    }

    /** @param challengeRate the attestation challenges each client certificate gets, or null for the server's default */
    public static AttestedKeyManager start(
            Path dir, TestPki pki, byte[] allowedMeasurement, @Nullable RateLimit challengeRate) throws Exception {
        Clock clock = Clock.systemUTC();
        Path policies = dir.resolve("policies.yaml");
        Files.writeString(
                policies,
                "policies:\n  " + POLICY + ":\n    measurements: [\""
                        + HexFormat.of().formatHex(allowedMeasurement) + "\"]\n    allow-unwrapped-release: false\n");
        ReleasePolicyRegistry registry = ReleasePolicyRegistry.load(policies, clock);
        return start(
                dir,
                pki,
                challengeRate,
                parts -> AttestedReleaseGate.builder()
                        .nonces(parts.nonces())
                        .verifier(ReportVerifier.builder()
                                .roots(TestAmdHierarchy.get().rootStore())
                                .build())
                        .policies(registry)
                        .auditor(new ReleaseAuditor(parts.audit()))
                        .metrics(new ReleaseMetrics(parts.meters()))
                        .clock(clock)
                        .random(new SecureRandom())
                        .nonceKey(NonceKeys.fresh())
                        .build());
    }

    /** The same server in front of another gate: a key manager that answers the attested Get its own way. */
    public static AttestedKeyManager start(
            Path dir, TestPki pki, @Nullable RateLimit challengeRate, KmipServerBuilder.GateFactory gate)
            throws Exception {
        TestPki.Credential admin = pki.issueClient("admin", "kms-admin");
        byte[] masterKey = new byte[32];
        new SecureRandom().nextBytes(masterKey);
        KmipServerBuilder builder =
                KmipServerBuilder.serving(TestServerSettings.loopback(pki), new SoftwareMasterKey(1, masterKey));
        if (challengeRate != null) {
            builder.challengeRate(challengeRate);
        }
        RunningKmipServer server = builder.h2File(dir.resolve("kms"))
                .clock(Clock.systemUTC())
                .administrators(
                        Set.of(admin.certificate().getSubjectX500Principal().getName()))
                .gate(gate)
                .start();
        return new AttestedKeyManager(pki, admin, server);
    }

    /**
     * Provisions a disk key as the appliance's operator does: the ADMINISTRATOR registers it, binds it to
     * {@link #POLICY} and grants the VM's identity read access ({@code x-authorized-client}); the VM never owns it.
     *
     * @param vmIdentity the VM certificate's RFC 2253 subject DN or lower-case hex SHA-256 fingerprint
     */
    public String provisionBoundKey(String vmIdentity, byte[] dek) throws Exception {
        return adminRegisters(dek, Requests.binding(POLICY), grant(vmIdentity));
    }

    /** The provisioning mistake: granted to the VM but bound to no policy, so the server releases it unattested. */
    public String provisionUnboundKey(String vmIdentity, byte[] dek) throws Exception {
        return adminRegisters(dek, grant(vmIdentity));
    }

    /**
     * Any object as the disk key, registered, bound and granted as {@link #provisionBoundKey} does: the administrator's
     * mistake of binding a password or a short key.
     */
    public String provisionBoundObject(String vmIdentity, ManagedObject object) throws Exception {
        return call(
                        admin,
                        Operation.REGISTER,
                        Register.Request.of(object, Attributes.of(Requests.binding(POLICY), grant(vmIdentity))))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    /** Bound, but granted to nobody: only its administrator owner may read it. */
    public String provisionUngrantedKey(byte[] dek) throws Exception {
        return adminRegisters(dek, Requests.binding(POLICY));
    }

    /** The identity forms {@code x-authorized-client} accepts, as the server derives them from a certificate. */
    public static String subjectDn(TestPki.Credential vm) {
        return ClientIdentity.of(vm.certificate()).subjectDn();
    }

    public static String fingerprint(TestPki.Credential vm) {
        return ClientIdentity.of(vm.certificate()).sha256Fingerprint();
    }

    private String adminRegisters(byte[] dek, Attribute... attributes) throws Exception {
        return call(admin, Operation.REGISTER, Requests.symmetricKey(dek, attributes))
                .payload(Register.Response.class)
                .orElseThrow()
                .uniqueIdentifier();
    }

    private static Attribute grant(String vmIdentity) {
        return Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, vmIdentity));
    }

    private ResponseBatchItem call(TestPki.Credential who, Operation op, RequestPayload payload) throws Exception {
        try (KmipTestConnection c = KmipTestConnection.open(pki.clientContext(who), server.port())) {
            ResponseBatchItem item = MessageMapper.responseFromTtlv(c.roundTrip(MessageMapper.toTtlv(RequestMessage.of(
                            RequestHeader.builder(KmipVersion.V2_1).build(),
                            List.of(RequestBatchItem.of(op, payload))))))
                    .batchItems()
                    .get(0);
            assertThat(item.isSuccess()).as("%s: %s", op, item.resultMessage()).isTrue();
            return item;
        }
    }

    /** Attestation challenges refused by the rate limit since start (the server's own counter). */
    public double rateLimitedChallenges() {
        return server.meters().get("kmip.rate.limited").functionCounter().count();
    }

    public int port() {
        return server.port();
    }

    public long connectionsAccepted() {
        return server.server().counters().connectionsAccepted();
    }

    @Override
    public void close() {
        server.close();
    }
}
