package dev.snpkm.server.assembly;

import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.audit.RefusalSummaryTimer;
import dev.snpkm.server.crypto.MasterKey;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.engine.KmipEngine;
import dev.snpkm.server.metrics.KmipMetrics;
import dev.snpkm.server.metrics.ObjectStateCounts;
import dev.snpkm.server.metrics.StoreMetrics;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.ratelimit.KeyedRateLimiter;
import dev.snpkm.server.ratelimit.RateLimit;
import dev.snpkm.server.release.ChallengeRateLimit;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.revocation.ClientCrlGate;
import dev.snpkm.server.revocation.ClientDenyList;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.ExpiredNoncePurge;
import dev.snpkm.server.store.JdbcAuditLog;
import dev.snpkm.server.store.JdbcNonceStore;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.store.MasterKeyCheck;
import dev.snpkm.server.store.RevokedClientStore;
import dev.snpkm.server.store.StoreException;
import dev.snpkm.server.transport.KmipRequestProcessor;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.ServerSettings;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.io.IOException;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.UnaryOperator;
import org.jspecify.annotations.Nullable;

/**
 * The one wiring of a KMIP server, used by the appliance (options from its configuration) and by tests, benchmarks
 * and interop runs (the defaults), so that what the tests exercise is what ships: database → sealed object store →
 * audit log (actions, aggregated refusals) → attestation gate (nonces in the store, optional per-client challenge
 * limit) → engine (per-operation metrics) → client deny list → client CRLs (also checked at handshake) → TLS
 * listener; expired nonces are purged and refusal summaries written on timers. {@link #start()} returns the
 * {@link RunningKmipServer}, which stops them in the graceful order.
 *
 * <p>Defaults, for tests: an H2 file at {@link #h2File}, a random audit chain key, the deny-all gate, no
 * administrators, no deny list, the CRLs of the TLS settings, metrics on a private registry, no challenge limit.
 */
public final class KmipServerBuilder {
    /** How often pending refusal summaries are written (their interval is a minute, so a few seconds late at most). */
    public static final Duration DEFAULT_REFUSAL_FLUSH = Duration.ofSeconds(2);
    /** How stale the {@code kmip_objects} gauges may be: a scrape must not cost a table scan per state. */
    private static final Duration OBJECT_COUNTS_MAX_AGE = Duration.ofSeconds(5);

    private final ServerSettings transport;
    private final MasterKey masterKey;
    private @Nullable Path h2File;
    private @Nullable Database database;
    private @Nullable AuditChainKey auditChainKey;
    private Set<String> administrators = Set.of();
    private Set<String> vmClients = Set.of();
    private boolean interop;
    private @Nullable CertificateIssuer certificateIssuer;
    private Duration leaseTime = ServerServices.DEFAULT_LEASE_TIME;
    private int maxBatchItems = KmipEngine.DEFAULT_MAX_BATCH_ITEMS;
    private Clock clock = Clock.systemUTC();
    private @Nullable MeterRegistry meters;
    private GateFactory gate = parts -> KeyReleaseGate.DENY_ALL;
    private @Nullable RateLimit challengeRate;
    private @Nullable Path revokedClients;
    private boolean auditActions = true;
    private Duration noncePurgeInterval = ExpiredNoncePurge.DEFAULT_INTERVAL;
    private Duration refusalFlushInterval = DEFAULT_REFUSAL_FLUSH;
    private UnaryOperator<AuditLog> auditLogView = UnaryOperator.identity();

    /** Builds the gate over what the server opened; the attested gate keeps its nonces and records there. */
    @FunctionalInterface
    public interface GateFactory {
        KeyReleaseGate create(GateParts parts) throws IOException;
    }

    private KmipServerBuilder(ServerSettings transport, MasterKey masterKey) {
        this.transport = Objects.requireNonNull(transport, "transport");
        this.masterKey = Objects.requireNonNull(masterKey, "masterKey");
    }

    /**
     * @param transport bind address, TLS (with the client CRLs checked at handshake and per request), limits
     * @param masterKey the key sealing material at rest
     */
    public static KmipServerBuilder serving(ServerSettings transport, MasterKey masterKey) {
        return new KmipServerBuilder(transport, masterKey);
    }

    /** The store in an H2 file (path without the .mv.db suffix), opened with a pool sized for the workers. */
    public KmipServerBuilder h2File(Path file) {
        this.h2File = file;
        return this;
    }

    /** The store on a database the caller opened (PostgreSQL, for a cluster node); the server closes it. */
    public KmipServerBuilder database(Database db) {
        this.database = db;
        return this;
    }

    /** The key of the audit chain (the appliance derives it from the master key); else a random one. */
    public KmipServerBuilder auditChainKey(AuditChainKey key) {
        this.auditChainKey = key;
        return this;
    }

    /** Certificate subject DNs or SHA-256 fingerprints of the administrators. */
    public KmipServerBuilder administrators(Set<String> identities) {
        this.administrators = Set.copyOf(identities);
        return this;
    }

    /** Identities treated as VMs though their certificates lack the VM role (an external CA's). */
    public KmipServerBuilder vmClients(Set<String> identities) {
        this.vmClients = Set.copyOf(identities);
        return this;
    }

    /**
     * Offer the test-harness operation Interop (KMIP 2.1 §6.1.30) that the OASIS test cases open and close with; for
     * conformance runs only, off on an appliance.
     */
    public KmipServerBuilder interop(boolean enabled) {
        this.interop = enabled;
        return this;
    }

    /** The issuing CA Certify signs with; without one (the default) Certify is Operation Not Supported. */
    public KmipServerBuilder certificateIssuer(CertificateIssuer issuer) {
        this.certificateIssuer = Objects.requireNonNull(issuer, "issuer");
        return this;
    }

    /** The Lease Time set on new cryptographic objects and granted by Obtain Lease. */
    public KmipServerBuilder leaseTime(Duration lease) {
        this.leaseTime = Objects.requireNonNull(lease, "lease");
        return this;
    }

    public KmipServerBuilder maxBatchItems(int max) {
        this.maxBatchItems = max;
        return this;
    }

    public KmipServerBuilder clock(Clock c) {
        this.clock = Objects.requireNonNull(c, "clock");
        return this;
    }

    /** Where the server's meters register (the appliance's Prometheus registry); else a private one. */
    public KmipServerBuilder meters(MeterRegistry registry) {
        this.meters = registry;
        return this;
    }

    public KmipServerBuilder gate(GateFactory factory) {
        this.gate = Objects.requireNonNull(factory, "gate");
        return this;
    }

    /** Attestation challenges per client certificate, counted in {@code kmip_rate_limited_total{limit="nonces"}}. */
    public KmipServerBuilder challengeRate(RateLimit rate) {
        this.challengeRate = rate;
        return this;
    }

    /**
     * The deny list: a file of revoked certificate fingerprints, re-read when it changes, and kept in step with the
     * store's table of revocations, which every node on the store shares ({@link ClientDenyList}).
     */
    public KmipServerBuilder revokedClients(Path file) {
        this.revokedClients = file;
        return this;
    }

    /** False records no clients' actions or refusals (to measure what the audit costs); release decisions still. */
    public KmipServerBuilder auditActions(boolean audit) {
        this.auditActions = audit;
        return this;
    }

    /** Every audit record goes through {@code view} (a test keeps what was appended); the chain stays the store's. */
    public KmipServerBuilder auditLogView(UnaryOperator<AuditLog> view) {
        this.auditLogView = Objects.requireNonNull(view, "view");
        return this;
    }

    public KmipServerBuilder noncePurgeInterval(Duration interval) {
        this.noncePurgeInterval = interval;
        return this;
    }

    public KmipServerBuilder refusalFlushInterval(Duration interval) {
        this.refusalFlushInterval = interval;
        return this;
    }

    /** Opens the store, wires the server and starts listening; on failure closes what it opened. */
    public RunningKmipServer start() throws IOException {
        MeterRegistry registry = meters != null ? meters : new SimpleMeterRegistry();
        Database db = database != null ? database : openH2();
        try {
            MasterKeyCheck.verifyOrRecord(db, masterKey); // before anything is sealed or opened under it
        } catch (StoreException e) {
            db.close();
            throw new IOException(e.getMessage(), e);
        }
        JdbcNonceStore nonces = new JdbcNonceStore(db);
        ExpiredNoncePurge purge = null;
        RefusalSummaryTimer summaries = null;
        ClientDenyList denyList = null;
        try {
            AuditLog audit = auditLogView.apply(
                    new JdbcAuditLog(db, clock, auditChainKey != null ? auditChainKey : AuditChainKey.random()));
            RefusalAudit refusals = new RefusalAudit(audit, clock, RefusalAudit.DEFAULT_INTERVAL);
            JdbcObjectStore objects = new JdbcObjectStore(db, new MaterialSealer(masterKey), clock);
            KeyReleaseGate built = Objects.requireNonNull(
                    gate.create(new GateParts(db, nonces, audit, refusals, registry, clock)),
                    "the gate factory returned null");
            Accountability accountability = auditActions ? new Accountability(audit, refusals) : Accountability.none();
            ServerServices services = new ServerServices(
                    objects,
                    limited(built, registry, accountability),
                    new AccessPolicy(administrators, vmClients),
                    clock,
                    keyGenerationRandom(),
                    leaseTime,
                    accountability);
            // The connection gauge reads the server's own count; the server exists only after it has started.
            AtomicReference<KmipServer> started = new AtomicReference<>();
            KmipMetrics metrics = new KmipMetrics(
                    registry,
                    new ObjectStateCounts(db, clock, OBJECT_COUNTS_MAX_AGE),
                    () -> started.get() == null ? 0 : started.get().openConnections());
            StoreMetrics.bind(registry, db);
            OperationDispatcher operations = OperationDispatcher.standard(interop, certificateIssuer);
            metrics.declare(operations.supportedOperations()); // dashboards read 0, not "No data", from the start
            KmipEngine engine = new KmipEngine(services, operations, db, metrics, maxBatchItems);
            KmipRequestProcessor crls = new ClientCrlGate(
                    transport.tls().clientCrls(), engine, clock, registry, auditActions ? refusals : null);
            denyList = revokedClients == null
                    ? null
                    : new ClientDenyList(
                            revokedClients,
                            crls,
                            clock,
                            registry,
                            auditActions ? refusals : null,
                            new RevokedClientStore(db));
            // Revoked clients are refused before the engine: the deny list first, then the CRLs.
            KmipServer server = KmipServer.start(transport, denyList != null ? denyList : crls);
            started.set(server);
            purge = ExpiredNoncePurge.start(nonces, clock, noncePurgeInterval);
            summaries = RefusalSummaryTimer.start(refusals, refusalFlushInterval);
            return new RunningKmipServer(db, objects, audit, refusals, registry, server, purge, summaries, denyList);
        } catch (IOException | RuntimeException e) {
            if (purge != null) {
                purge.close();
            }
            if (denyList != null) {
                denyList.close();
            }
            db.close();
            throw e;
        }
    }

    private Database openH2() {
        if (h2File == null) {
            throw new IllegalStateException("no store: name an H2 file (h2File) or an opened database (database)");
        }
        return Database.openH2File(h2File, Database.poolSizeFor(transport.workerThreads()));
    }

    private KeyReleaseGate limited(KeyReleaseGate gate, MeterRegistry registry, Accountability accountability) {
        if (challengeRate == null) {
            return gate;
        }
        ChallengeRateLimit limit = new ChallengeRateLimit(gate, new KeyedRateLimiter(challengeRate), accountability);
        FunctionCounter.builder("kmip.rate.limited", limit, ChallengeRateLimit::refused)
                .description("requests refused for exceeding a per-client rate")
                .tag("limit", "nonces")
                .register(registry);
        return limit;
    }

    /**
     * The generator for key material: a NIST SP 800-90A DRBG at 256-bit strength, seeded and reseeded from the
     * platform's entropy source. It is named explicitly so that the Random Number Generator attribute can say what
     * it is (see RandomNumberGenerator in operations).
     */
    public static SecureRandom keyGenerationRandom() {
        try {
            return SecureRandom.getInstance(
                    "DRBG", DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no 256-bit DRBG: " + e.getMessage(), e);
        }
    }
}
