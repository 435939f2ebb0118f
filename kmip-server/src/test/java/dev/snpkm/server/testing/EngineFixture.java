package dev.snpkm.server.testing;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.assembly.KmipServerBuilder;
import dev.snpkm.server.assembly.RunningKmipServer;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.release.ReleaseRequest;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.StoredObject;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A real server for engine tests: TLS on loopback, a real store (an H2 file in a temp dir, or a database on the test
 * PostgreSQL server in the build's second run: {@link TestStores}), the real engine. The only stand-in is
 * {@link FakeGate}. Three identities: the owner (pki.client(), CN test-client), another client, and an administrator.
 *
 * <p>One server for a whole test class: {@code @RegisterExtension static final EngineFixture server =
 * EngineFixture.forTestClass();} starts it in a temp dir of its own, and JUnit closes it and deletes the dir after the
 * class's last test.
 */
public final class EngineFixture implements AutoCloseable, AfterAllCallback {
    public final TestPki pki;
    public final TestPki.Credential owner;
    public final TestPki.Credential other;
    public final TestPki.Credential admin;
    /** A client whose certificate carries the VM role. */
    public final TestPki.Credential vm;
    /** A VM whose certificate lacks the marker, listed as a VM in the access policy instead (an external CA's). */
    public final TestPki.Credential listedVm;

    public final FakeGate gate = new FakeGate();
    public final MovableClock clock = new MovableClock();
    /** The audit log of clients' actions and refusals (release decisions go to {@link #gate}). */
    public final RecordedAuditLog audit;

    public final RefusalAudit refusals;
    private final RunningKmipServer server;
    private final Path ownDir;

    private EngineFixture(Path dir, Duration leaseTime, Path ownDir) throws IOException {
        this(dir, leaseTime, ownDir, TestStores::open, true);
    }

    private EngineFixture(
            Path dir, Duration leaseTime, Path ownDir, Function<Path, Database> openStore, boolean audited)
            throws IOException {
        this(dir, leaseTime, ownDir, openStore, audited, null);
    }

    private EngineFixture(
            Path dir,
            Duration leaseTime,
            Path ownDir,
            Function<Path, Database> openStore,
            boolean audited,
            @Nullable CertificateIssuer issuer)
            throws IOException {
        this.ownDir = ownDir;
        pki = TestPki.generate(dir.resolve("pki"));
        owner = pki.client();
        other = pki.issueClient("other", "other-client");
        admin = pki.issueClient("admin", "key-admin");
        vm = pki.issueVmClient("vm", "vm-guest");
        listedVm = pki.issueClient("listed-vm", "listed-vm-guest");
        byte[] kek = new byte[32];
        new SecureRandom().nextBytes(kek);
        AtomicReference<RecordedAuditLog> recorded = new AtomicReference<>();
        // Wired as the appliance wires it; the audit log is the store's, also kept in memory for the tests to read.
        KmipServerBuilder builder =
                KmipServerBuilder.serving(TestServerSettings.loopback(pki), new SoftwareMasterKey(1, kek));
        if (issuer != null) {
            builder.certificateIssuer(issuer);
        }
        server = builder.database(openStore.apply(dir.resolve("db").resolve("store")))
                .administrators(
                        Set.of(admin.certificate().getSubjectX500Principal().getName()))
                .vmClients(Set.of(ClientIdentity.of(listedVm.certificate()).sha256Fingerprint()))
                .clock(clock)
                .leaseTime(leaseTime)
                .gate(parts -> gate)
                .auditActions(audited)
                // Summaries only at a client's next refusal or an explicit flush: the tests move the clock by hours,
                // and a timer's summary landing between two of a test's records would make their order vary.
                .refusalFlushInterval(Duration.ofDays(1))
                .auditLogView(log -> {
                    recorded.set(new RecordedAuditLog(log));
                    return recorded.get();
                })
                .start();
        audit = recorded.get();
        refusals = server.refusals();
    }

    public static EngineFixture start(Path dir) {
        return start(dir, ServerServices.DEFAULT_LEASE_TIME);
    }

    /** For a static {@code @RegisterExtension} field: a server in a temp dir it owns, removed after the class. */
    public static EngineFixture forTestClass() {
        try {
            Path dir = Files.createTempDirectory("engine-fixture");
            return new EngineFixture(dir, ServerServices.DEFAULT_LEASE_TIME, dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** {@link #forTestClass()} with Certify on, signing with {@code issuer}. */
    public static EngineFixture forTestClass(CertificateIssuer issuer) {
        try {
            Path dir = Files.createTempDirectory("engine-fixture");
            return new EngineFixture(dir, ServerServices.DEFAULT_LEASE_TIME, dir, TestStores::open, true, issuer);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that audits no actions or refusals (to measure what the audit costs). */
    public static EngineFixture startUnaudited(Path dir) {
        try {
            return new EngineFixture(dir, ServerServices.DEFAULT_LEASE_TIME, null, TestStores::open, false);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server that grants leases of {@code leaseTime}. */
    public static EngineFixture start(Path dir, Duration leaseTime) {
        try {
            return new EngineFixture(dir, leaseTime, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A server whose store is opened by {@code openStore} (given the store's file base), e.g. on a simulated disk. */
    public static EngineFixture start(Path dir, Function<Path, Database> openStore) {
        try {
            return new EngineFixture(dir, ServerServices.DEFAULT_LEASE_TIME, null, openStore, true);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Rows in the object table: what the store holds, whatever Locate would list. */
    public long storedObjects() {
        return server.database().read("count objects", c -> {
            try (var rs = c.createStatement().executeQuery("SELECT COUNT(*) FROM managed_object")) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /** The attribute instances the store holds for {@code uid} (Get Attributes adds the ones it derives). */
    public int storedAttributeInstances(String uid) {
        StoredObject row = server.objects().get(uid).orElseThrow(() -> new AssertionError("no object " + uid));
        return StoredAttributes.decode(row.attributes()).list().size();
    }

    /** The store the server runs on (its commits and syncs, for the tests that count them). */
    public Database database() {
        return server.database();
    }

    public int port() {
        return server.port();
    }

    public Session session(TestPki.Credential who) {
        try {
            return new Session(KmipTestConnection.open(pki.clientContext(who), server.port()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        server.close();
    }

    @Override
    public void afterAll(ExtensionContext context) throws IOException {
        close();
        if (ownDir != null) {
            TempDirs.deleteTree(ownDir);
        }
    }

    /** A typed client over one TLS connection. */
    public static final class Session implements AutoCloseable {
        private final KmipTestConnection connection;

        Session(KmipTestConnection connection) {
            this.connection = connection;
        }

        public ResponseMessage send(RequestHeader header, List<RequestBatchItem> items) {
            try {
                return MessageMapper.responseFromTtlv(
                        connection.roundTrip(MessageMapper.toTtlv(RequestMessage.of(header, items))));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (KmipMappingException e) {
                throw new IllegalStateException("server sent an unreadable response: " + e.getMessage(), e);
            }
        }

        /** One operation in its own request, answered with its one batch item. */
        public ResponseBatchItem call(KmipVersion v, Operation op, RequestPayload payload) {
            ResponseMessage r = send(RequestHeader.builder(v).build(), List.of(RequestBatchItem.of(op, payload)));
            return r.batchItems().get(0);
        }

        public KmipTestConnection raw() {
            return connection;
        }

        @Override
        public void close() {
            try {
                connection.close();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The attestation gate stand-in: answers with a settable decision and records the requests it saw. */
    public static final class FakeGate implements dev.snpkm.server.release.KeyReleaseGate {
        public final List<ReleaseRequest> seen = new CopyOnWriteArrayList<>();
        private volatile Function<ReleaseRequest, ReleaseDecision> answer = r -> new ReleaseDecision.Denied(
                dev.snpkm.kmip.enums.ResultReason.PERMISSION_DENIED, "fake gate: deny by default");

        public void answer(Function<ReleaseRequest, ReleaseDecision> f) {
            answer = f;
        }

        @Override
        public ReleaseDecision decide(ReleaseRequest request) {
            seen.add(request);
            return answer.apply(request);
        }

        /** The messages of the refusals handlers recorded outside {@link #decide}. */
        public final List<String> refusals = new CopyOnWriteArrayList<>();

        @Override
        public void recordRefusal(ReleaseRequest request, String message) {
            refusals.add(message);
        }
    }

    /** A UTC clock tests can move forward, for date-driven lifecycle transitions. */
    public static final class MovableClock extends Clock {
        private volatile Duration offset = Duration.ZERO;

        public void advance(Duration d) {
            offset = offset.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return Instant.now().plus(offset);
        }
    }
}
