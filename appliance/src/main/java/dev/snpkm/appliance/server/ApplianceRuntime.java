package dev.snpkm.appliance.server;

import dev.snpkm.appliance.TrustedInputs;
import dev.snpkm.appliance.attestation.AmdCrls;
import dev.snpkm.appliance.attestation.TrustRoots;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.PkiBootstrap.BootstrapResult;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.assembly.GateParts;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.audit.AuditAnchorPublisher;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.crypto.MasterKey;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.release.StatelessNonces;
import dev.snpkm.server.store.StoreFullException;
import dev.snpkm.server.tls.CaBundle;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.tls.TlsProvider;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.HttpsSettings;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.NetworkTransport;
import dev.snpkm.server.transport.PeerLimits;
import dev.snpkm.server.transport.ServerSettings;
import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.verify.ReportVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The running appliance's KMIP side: policies → master key → the server {@link KmipServerBuilder} wires from the
 * configuration (store: H2 in the data dir, or PostgreSQL shared by the nodes of a cluster, which also watch the
 * policy file; attestation gate with AMD's pinned roots; per-client challenge limit; the data dir's deny list; client
 * CRLs) → start record, audit inbox, audit anchors.
 * {@link #close} is the graceful order: stop the listener (in-flight requests finish), then the store.
 */
public final class ApplianceRuntime implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApplianceRuntime.class);
    private final StoreContext store;
    private final ReleasePolicyRegistry policies;
    private final RunningKmipServer kmip;
    private final Path serverCertificate;
    private final AuditAnchorPublisher anchors;
    private final AuditChores inbox;
    /** On a cluster node (PostgreSQL store): applies a changed policy file without a reload call; else null. */
    private final @Nullable PolicyFileWatch policyWatch;

    private volatile boolean closed;

    private ApplianceRuntime(
            StoreContext store,
            ReleasePolicyRegistry policies,
            RunningKmipServer kmip,
            Path serverCertificate,
            AuditAnchorPublisher anchors,
            AuditChores inbox,
            @Nullable PolicyFileWatch policyWatch) {
        this.store = store;
        this.policies = policies;
        this.kmip = kmip;
        this.serverCertificate = serverCertificate;
        this.anchors = anchors;
        this.inbox = inbox;
        this.policyWatch = policyWatch;
    }

    public static ApplianceRuntime start(
            ApplianceConfig config, DataDirectory dir, BootstrapResult boot, MeterRegistry meters)
            throws IOException, PolicyFormatException {
        Clock clock = Clock.systemUTC();
        // Policies first: a broken policy file stops the start before the store is opened or a port is bound.
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(
                config.policiesPath(), clock, TrustedInputs.forRereads("policies", config.policies() != null));
        MasterKeyFile masterKeyFile = new MasterKeyFile(dir.masterKey());
        MasterKey masterKey = masterKeyFile.load();
        AuditChainKey chainKey = masterKeyFile.auditChainKey();
        byte[] nonceKey = nonceKey(masterKey);
        ApplianceConfig.PerClient perClient = config.limits().perClient();
        RunningKmipServer kmip;
        try {
            KmipServerBuilder builder =
                    KmipServerBuilder.serving(settings(config, dir, clientCrls(config.tls(), clock)), masterKey);
            if (config.certify().enabled()) {
                CertificateIssuer issuer = CertifyIssuerFile.load(config.certify(), clientCas(config, dir));
                builder.certificateIssuer(issuer);
                LOG.info(
                        "event=certify_enabled issuer=\"{}\" validity_days={}",
                        issuer.certificate().getSubjectX500Principal().getName(),
                        config.certify().validityDays());
            }
            kmip = builder.database(StoreDatabase.open(config, dir))
                    .auditChainKey(chainKey)
                    .administrators(AdministratorSet.of(config.administrators(), boot.adminFingerprint()))
                    .vmClients(AdministratorSet.identities(config.vmClients()))
                    .leaseTime(Duration.ofSeconds(config.kmip().leaseTimeSeconds()))
                    .maxBatchItems(config.limits().maxBatchItems())
                    .clock(clock)
                    .meters(meters)
                    .gate(parts -> attestedGate(config, policies, nonceKey, parts))
                    .challengeRate(new RateLimit(perClient.noncesPerMinute() / 60.0, perClient.nonceBurst()))
                    .revokedClients(dir.revokedClients())
                    .start();
        } finally {
            Arrays.fill(nonceKey, (byte) 0);
        }
        AuditChores inbox = null;
        try {
            StoreContext store = new StoreContext(kmip.database(), kmip.objects(), kmip.audit());
            Path cert = config.tls().usesBootstrappedPki()
                    ? dir.serverCertificate()
                    : config.tls().certificate();
            appendUnlessFull(
                    store.audit(),
                    new AuditEvent(
                            "appliance",
                            "start",
                            null,
                            "ok",
                            "kmip port " + kmip.port() + ", " + policies.list().size() + " policies"));
            AuditInbox.create(dir);
            inbox = AuditChores.start(dir, store.audit(), Duration.ofSeconds(2));
            AuditAnchorPublisher anchors =
                    AuditAnchorPublisher.start(store.audit(), meters, AuditAnchorPublisher.DEFAULT_INTERVAL);
            PolicyFileWatch policyWatch = config.store().external()
                    ? PolicyFileWatch.start(policies, config.policiesPath(), store.audit())
                    : null;
            return new ApplianceRuntime(store, policies, kmip, cert, anchors, inbox, policyWatch);
        } catch (IOException | RuntimeException e) {
            if (inbox != null) {
                inbox.close();
            }
            kmip.close();
            throw e;
        }
    }

    /** AMD's pinned roots (or the configured test roots), nonces in the store, release audit and metrics. */
    private static KeyReleaseGate attestedGate(
            ApplianceConfig config, ReleasePolicyRegistry policies, byte[] nonceKey, GateParts parts)
            throws IOException {
        AmdRootStore roots = TrustRoots.load(config.attestation().testTrustRootsDir());
        List<AmdCrls.Loaded> crls = AmdCrls.load(config.attestation().amdCrls(), roots);
        AmdCrls.announce(crls, parts.meters(), parts.clock().instant());
        AttestedReleaseGate gate = AttestedReleaseGate.builder()
                .nonces(parts.nonces())
                .verifier(ReportVerifier.builder()
                        .clock(parts.clock())
                        .roots(roots)
                        .crls(AmdCrls.crls(crls))
                        .build())
                .policies(policies)
                .auditor(new ReleaseAuditor(parts.audit()))
                .metrics(new ReleaseMetrics(parts.meters()))
                .clock(parts.clock())
                .random(new SecureRandom())
                .nonceTtl(Duration.ofSeconds(config.attestation().nonceTtlSeconds()))
                .nonceKey(nonceKey)
                .refusals(parts.refusals())
                .build();
        gate.declarePolicySeries(); // dashboards read these series from the first scrape: 0, not "No data"
        return gate;
    }

    /** A start or stop record: a full disk must not keep the appliance from serving reads or from stopping. */
    private static void appendUnlessFull(AuditLog audit, AuditEvent event) {
        try {
            audit.append(event);
        } catch (StoreFullException e) {
            LOG.warn("event=audit_skipped action={} reason=\"{}\"", event.action(), e.getMessage());
        }
    }

    /** Every node sharing the store derives the same nonce key from the same master key (stateless nonces). */
    private static byte[] nonceKey(MasterKey masterKey) throws IOException {
        try {
            return masterKey.deriveKey(StatelessNonces.KEY_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IOException("cannot derive the attestation nonce key from the master key: " + e.getMessage(), e);
        }
    }

    /** The CAs whose client certificates the KMIP port accepts: the bootstrapped one, or tls.client-ca's. */
    private static List<X509Certificate> clientCas(ApplianceConfig config, DataDirectory dir) throws IOException {
        Path bundle = config.tls().usesBootstrappedPki()
                ? dir.caCertificate()
                : config.tls().clientCa();
        return CaBundle.read(bundle).certificates();
    }

    /** Already validated at config load; loaded again here, so the handshake and per-request checks share them. */
    private static ClientCrls clientCrls(ApplianceConfig.Tls t, Clock clock) throws IOException {
        return t.clientCrls().isEmpty()
                ? ClientCrls.none()
                : ClientCrls.load(
                        t.clientCrls(),
                        CaBundle.read(t.clientCa()),
                        clock,
                        TrustedInputs.forRereads("tls.client-crls", true));
    }

    private static ServerSettings settings(ApplianceConfig c, DataDirectory dir, ClientCrls crls) {
        ApplianceConfig.Tls t = c.tls();
        TlsSettings tls = t.usesBootstrappedPki()
                ? TlsSettings.of(dir.serverCertificate(), dir.serverKey(), dir.caCertificate())
                : TlsSettings.of(t.certificate(), t.privateKey(), t.clientCa());
        ApplianceConfig.Limits l = c.limits();
        return ServerSettings.defaults(tls.withRequireClientAuthEku(!t.acceptWithoutClientAuthEku())
                        .withClientCrls(crls)
                        .withProvider(TlsProvider.parse(t.provider())))
                .withBindAddress(
                        new InetSocketAddress(c.kmip().address(), c.kmip().port()))
                .withMaxConnections(l.maxConnections())
                .withMaxMessageBytes(l.maxMessageBytes())
                .withIdleTimeout(Duration.ofSeconds(l.idleTimeoutSeconds()))
                .withHandshakeTimeout(Duration.ofSeconds(l.handshakeTimeoutSeconds()))
                .withWorkers(l.workers(), l.maxConnections()) // one waiting request per connection: see ServerSettings
                .withPeerLimits(peerLimits(l))
                .withHttps(new HttpsSettings(
                        c.kmip().https().enabled(), c.kmip().https().path(), HttpsSettings.DEFAULT_MAX_HEADER_BYTES))
                .withTransport(NetworkTransport.parse(c.kmip().transport()));
    }

    private static PeerLimits peerLimits(ApplianceConfig.Limits l) {
        return new PeerLimits(
                l.perSource().maxConnections(),
                l.perSource().maxHandshakes(),
                l.reservedConnections(),
                Duration.ofMillis(l.handshakeTimeoutUnderPressureMillis()),
                Duration.ofSeconds(l.frameTimeoutSeconds()),
                l.maxUnsentResponseBytes(),
                new RateLimit(l.perClient().requestsPerSecond(), l.perClient().requestBurst()),
                l.maxQueuedRequestBytes());
    }

    public StoreContext store() {
        return store;
    }

    public ReleasePolicyRegistry policies() {
        return policies;
    }

    /** The refusal aggregator: refusals outside KMIP (the admin routes) are audited through it too. */
    public RefusalAudit refusals() {
        return kmip.refusals();
    }

    public KmipServer server() {
        return kmip.server();
    }

    public Path serverCertificate() {
        return serverCertificate;
    }

    /** Ready = listening and the store serves ({@link dev.snpkm.server.store.Database#reachable}). */
    public boolean storeReachable() {
        return store.database().reachable();
    }

    /** Why the store refuses writes (its disk is nearly full), or null when it accepts them. */
    public @Nullable String storeFull() {
        return store.database().full() ? store.database().fullReason() : null;
    }

    public boolean listening() {
        return !closed;
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            if (policyWatch != null) {
                policyWatch.close();
            }
            kmip.stopServing(); // nonce purge, listener (in-flight requests finish), pending refusal summaries
            anchors.close();
            inbox.close();
            appendUnlessFull(store.audit(), new AuditEvent("appliance", "stop", null, "ok", "graceful shutdown"));
            anchors.publish(); // the last anchor names the stop record
        } finally {
            kmip.close();
        }
    }
}
