package dev.snpkm.server.engine;

import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.crypto.MasterKey;
import dev.snpkm.server.crypto.MaterialSealer;
import dev.snpkm.server.metrics.KmipMetrics;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.JdbcObjectStore;
import dev.snpkm.server.transport.KmipServer;
import dev.snpkm.server.transport.ServerSettings;
import java.io.IOException;
import java.nio.file.Path;
import java.security.DrbgParameters;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;

/**
 * Wires a running KMIP server from settings in one call: H2 database, sealed object store, engine, TLS transport. The
 * appliance supplies the master key and the attestation gate; {@link #close()} stops the listener, then the database.
 */
public final class ServerAssembly implements AutoCloseable {

    /**
     * @param server transport settings (bind address, TLS, limits)
     * @param databaseFile H2 file path without the .mv.db suffix
     * @param masterKey the key sealing material at rest
     * @param gate the attestation gate ({@link KeyReleaseGate#DENY_ALL} without a verifier)
     * @param administrators certificate subject DNs or SHA-256 fingerprints of administrators
     * @param interopEnabled offer the test-harness operation Interop (KMIP 2.1 §6.1.30) that the OASIS test cases
     *     open and close with; for conformance runs only, off on an appliance
     * @param leaseTime the Lease Time the server sets on new cryptographic objects and grants by Obtain Lease
     */
    public record Settings(ServerSettings server, Path databaseFile, MasterKey masterKey, KeyReleaseGate gate,
            Set<String> administrators, boolean interopEnabled, Duration leaseTime) {
        public Settings {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(databaseFile, "databaseFile");
            Objects.requireNonNull(masterKey, "masterKey");
            Objects.requireNonNull(gate, "gate");
            Objects.requireNonNull(leaseTime, "leaseTime");
            administrators = Set.copyOf(administrators);
        }

        /** With the default Lease Time ({@link ServerServices#DEFAULT_LEASE_TIME}). */
        public Settings(ServerSettings server, Path databaseFile, MasterKey masterKey, KeyReleaseGate gate,
                Set<String> administrators, boolean interopEnabled) {
            this(server, databaseFile, masterKey, gate, administrators, interopEnabled,
                    ServerServices.DEFAULT_LEASE_TIME);
        }

        public Settings withLeaseTime(Duration lease) {
            return new Settings(server, databaseFile, masterKey, gate, administrators, interopEnabled, lease);
        }

        /** An appliance's settings: Interop off. */
        public Settings(ServerSettings server, Path databaseFile, MasterKey masterKey, KeyReleaseGate gate,
                Set<String> administrators) {
            this(server, databaseFile, masterKey, gate, administrators, false);
        }
    }

    private final Database database;
    private final KmipServer server;

    private ServerAssembly(Database database, KmipServer server) {
        this.database = database;
        this.server = server;
    }

    public static ServerAssembly start(Settings s) throws IOException {
        return start(s, db -> s.gate(), null);
    }

    /**
     * As {@link #start(Settings)}, but the gate is built over the database this assembly opens (the attested gate
     * keeps its nonces and audit records there); {@link Settings#gate()} is then ignored.
     *
     * @param metrics request counters for the engine, or null for none
     */
    public static ServerAssembly start(Settings s, Function<Database, KeyReleaseGate> gateFactory,
            @Nullable KmipMetrics metrics) throws IOException {
        return start(s, Database.openH2File(s.databaseFile(), Database.poolSizeFor(s.server().workerThreads())),
                gateFactory, metrics);
    }

    /**
     * As {@link #start(Settings, Function, KmipMetrics)} on a database the caller opened (PostgreSQL, for a node of
     * a cluster); {@link Settings#databaseFile()} is then ignored. The assembly closes db, also when starting fails.
     */
    public static ServerAssembly start(Settings s, Database db, Function<Database, KeyReleaseGate> gateFactory,
            KmipMetrics metrics) throws IOException {
        Clock clock = Clock.systemUTC();
        try {
            KeyReleaseGate gate = Objects.requireNonNull(gateFactory.apply(db), "the gate factory returned null");
            ServerServices services = new ServerServices(new JdbcObjectStore(db, new MaterialSealer(s.masterKey()), clock),
                    gate, new AccessPolicy(s.administrators()), clock, keyGenerationRandom(), s.leaseTime());
            KmipEngine engine = new KmipEngine(services, OperationDispatcher.standard(s.interopEnabled()), db,
                    metrics);
            return new ServerAssembly(db, KmipServer.start(s.server(), engine));
        } catch (IOException | RuntimeException e) {
            db.close();
            throw e;
        }
    }

    /**
     * The generator for key material: a NIST SP 800-90A DRBG at 256-bit strength, seeded and reseeded from the
     * platform's entropy source. It is named explicitly so that the Random Number Generator attribute can say what
     * it is (see RandomNumberGenerator in operations).
     */
    public static SecureRandom keyGenerationRandom() {
        try {
            return SecureRandom.getInstance("DRBG",
                    DrbgParameters.instantiation(256, DrbgParameters.Capability.RESEED_ONLY, null));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no 256-bit DRBG: " + e.getMessage(), e);
        }
    }

    public int port() {
        return server.port();
    }

    public KmipServer server() {
        return server;
    }

    public Database database() {
        return database;
    }

    @Override
    public void close() {
        try {
            server.close();
        } finally {
            database.close();
        }
    }
}
