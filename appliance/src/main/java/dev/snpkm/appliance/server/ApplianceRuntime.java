package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.PkiBootstrap.BootstrapResult;
import dev.snpkm.appliance.attestation.TrustRoots;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.audit.ReleaseAuditor;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.engine.KmipEngine;
import dev.snpkm.server.engine.ServerAssembly;
import dev.snpkm.server.metrics.KmipMetrics;
import dev.snpkm.server.metrics.ReleaseMetrics;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.release.AttestedReleaseGate;
import dev.snpkm.server.store.AuditEvent;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.ExpiredNoncePurge;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.tls.CaBundle;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.tls.TlsSettings;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.ServerSettings;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.verify.ReportVerifier;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The running appliance's KMIP side: policies → master key → store (H2 in the data dir, or PostgreSQL shared by the
 * nodes of a cluster, which also watch the policy file) → attestation gate (AMD's
 * pinned roots, nonces in the store, release audit and metrics) → KMIP engine (per-operation
 * metrics) → client deny list → client CRLs (also checked at handshake) → TLS listener; expired nonces are purged
 * every minute.
 * {@link #close} is the graceful order: stop the listener (in-flight requests finish), then the store.
 */
public final class ApplianceRuntime implements AutoCloseable {
    private final StoreContext store;
    private final ReleasePolicyRegistry policies;
    private final KmipServer server;
    private final Path serverCertificate;
    private final ExpiredNoncePurge noncePurge;
    /** On a cluster node (PostgreSQL store): applies a changed policy file without a reload call; else null. */
    private final PolicyFileWatch policyWatch;
    private volatile boolean closed;

    private ApplianceRuntime(StoreContext store, ReleasePolicyRegistry policies, KmipServer server,
            Path serverCertificate, ExpiredNoncePurge noncePurge, PolicyFileWatch policyWatch) {
        this.store = store;
        this.policies = policies;
        this.server = server;
        this.serverCertificate = serverCertificate;
        this.noncePurge = noncePurge;
        this.policyWatch = policyWatch;
    }

    public static ApplianceRuntime start(ApplianceConfig config, DataDirectory dir, BootstrapResult boot,
            MeterRegistry meters) throws IOException, PolicyFormatException {
        Clock clock = Clock.systemUTC();
        // Policies first: a broken policy file stops the start before the store is opened or a port is bound.
        ReleasePolicyRegistry policies = ReleasePolicyRegistry.load(config.policiesPath(), clock);
        MaterialSealer sealer = new MaterialSealer(new MasterKeyFile(dir.masterKey()).load());
        Database db = StoreDatabase.open(config, dir);
        ExpiredNoncePurge noncePurge = null;
        try {
            JdbcAuditLog audit = new JdbcAuditLog(db, clock);
            StoreContext store = new StoreContext(db, new JdbcObjectStore(db, sealer, clock), audit);
            SecureRandom random = new SecureRandom();
            JdbcNonceStore nonces = new JdbcNonceStore(db);
            AttestedReleaseGate gate = AttestedReleaseGate.builder()
                    .nonces(nonces)
                    .verifier(ReportVerifier.builder().clock(clock)
                            .roots(TrustRoots.load(config.attestation().testTrustRootsDir())).build())
                    .policies(policies)
                    .auditor(new ReleaseAuditor(audit))
                    .metrics(new ReleaseMetrics(meters))
                    .clock(clock).random(random)
                    .nonceTtl(Duration.ofSeconds(config.attestation().nonceTtlSeconds()))
                    .build();
            ServerServices services = new ServerServices(store.objects(), gate,
                    new AccessPolicy(AdministratorSet.of(config.administrators(), boot.adminFingerprint())), clock,
                    ServerAssembly.keyGenerationRandom(), // key material from the 256-bit DRBG, as ServerAssembly
                    Duration.ofSeconds(config.kmip().leaseTimeSeconds()));
            // The connection gauge reads the server's own count; the server exists only after start() below.
            AtomicReference<KmipServer> started = new AtomicReference<>();
            KmipMetrics kmipMetrics = new KmipMetrics(meters, new ObjectStateCounts(db, clock, Duration.ofSeconds(5)),
                    () -> started.get() == null ? 0 : started.get().openConnections());
            KmipEngine engine = new KmipEngine(services, OperationDispatcher.standard(), db, kmipMetrics,
                    config.limits().maxBatchItems());
            Path cert = config.tls().usesBootstrappedPki() ? dir.serverCertificate() : config.tls().certificate();
            ClientCrls crls = clientCrls(config.tls(), clock);
            KmipServer server = KmipServer.start(settings(config, dir, crls), new ClientDenyList(
                    dir.revokedClients(), new ClientCrlGate(crls, engine, clock, meters), clock, meters));
            started.set(server);
            noncePurge = ExpiredNoncePurge.start(nonces, clock, ExpiredNoncePurge.DEFAULT_INTERVAL);
            audit.append(new AuditEvent("appliance", "start", null, "ok",
                    "kmip port " + server.port() + ", " + policies.list().size() + " policies"));
            PolicyFileWatch policyWatch = config.store().external()
                    ? PolicyFileWatch.start(policies, config.policiesPath()) : null;
            return new ApplianceRuntime(store, policies, server, cert, noncePurge, policyWatch);
        } catch (IOException | RuntimeException e) {
            if (noncePurge != null) {
                noncePurge.close();
            }
            db.close();
            throw e;
        }
    }

    /** Already validated at config load; loaded again here, so the handshake and per-request checks share them. */
    private static ClientCrls clientCrls(ApplianceConfig.Tls t, Clock clock) throws IOException {
        return t.clientCrls().isEmpty() ? ClientCrls.none()
                : ClientCrls.load(t.clientCrls(), CaBundle.read(t.clientCa()), clock);
    }

    private static ServerSettings settings(ApplianceConfig c, DataDirectory dir, ClientCrls crls) {
        ApplianceConfig.Tls t = c.tls();
        TlsSettings tls = t.usesBootstrappedPki()
                ? TlsSettings.of(dir.serverCertificate(), dir.serverKey(), dir.caCertificate())
                : TlsSettings.of(t.certificate(), t.privateKey(), t.clientCa());
        ApplianceConfig.Limits l = c.limits();
        return ServerSettings.defaults(tls.withRequireClientAuthEku(!t.acceptWithoutClientAuthEku())
                        .withClientCrls(crls))
                .withBindAddress(new InetSocketAddress(c.kmip().address(), c.kmip().port()))
                .withMaxConnections(l.maxConnections())
                .withMaxMessageBytes(l.maxMessageBytes())
                .withIdleTimeout(Duration.ofSeconds(l.idleTimeoutSeconds()))
                .withWorkers(l.workers(), l.maxConnections()); // one waiting request per connection: see ServerSettings
    }

    public StoreContext store() {
        return store;
    }

    public ReleasePolicyRegistry policies() {
        return policies;
    }

    public KmipServer server() {
        return server;
    }

    public Path serverCertificate() {
        return serverCertificate;
    }

    /** Ready = listening and the store answers a query within its pool timeout. */
    public boolean storeReachable() {
        try (Connection c = store.database().dataSource().getConnection(); Statement s = c.createStatement()) {
            return s.execute("SELECT 1");
        } catch (Exception e) {
            return false;
        }
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
            noncePurge.close();
            server.close();
            store.audit().append(new AuditEvent("appliance", "stop", null, "ok", "graceful shutdown"));
        } finally {
            store.database().close();
        }
    }
}
