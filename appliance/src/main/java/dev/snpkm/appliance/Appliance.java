package dev.snpkm.appliance;

import dev.snpkm.appliance.backup.ApplianceBackup;
import dev.snpkm.appliance.backup.BackupCipher;
import dev.snpkm.appliance.bootstrap.ConnectionInstructions;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.PkiBootstrap;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.appliance.config.ConfigException;
import dev.snpkm.appliance.config.ConfigLoader;
import dev.snpkm.appliance.config.ConfigWarnings;
import dev.snpkm.appliance.config.EffectiveConfig;
import dev.snpkm.appliance.http.AdminRoutes;
import dev.snpkm.appliance.http.ApplianceMetrics;
import dev.snpkm.appliance.http.OpsHttpServer;
import dev.snpkm.appliance.server.ApplianceRuntime;
import dev.snpkm.appliance.server.AuditTail;
import dev.snpkm.appliance.server.StoreDatabase;
import dev.snpkm.appliance.server.StoreWatchdog;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.AuditRecord;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.CountDownLatch;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance process: {@code java -jar snpkm-appliance.jar [--config FILE] [--data-dir DIR]}.
 *
 * <p>Order: config (exit 2 on any problem, before anything is created or bound) → first-run bootstrap → store,
 * policies, KMIP listener → ops HTTP → one "event=ready" log line. SIGTERM/SIGINT: stop listening, finish in-flight
 * requests, close the store, exit 0. {@code --healthcheck} is the container probe: GET /healthz, exit 0 or 1.
 * A thread dying of an Error exits 3 ({@link FatalErrors}); a store unreachable for three probes in a row exits 1
 * ({@link StoreWatchdog}): both for the supervisor to restart.
 */
public final class Appliance {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;

    private static final Logger LOG = LoggerFactory.getLogger(Appliance.class);

    private Appliance() {}

    public static void main(String[] args) {
        FatalErrors.install(code -> Runtime.getRuntime().halt(code));
        System.exit(run(args));
    }

    static int run(String[] args) {
        long startNanos = System.nanoTime();
        LaunchOptions options;
        ApplianceConfig config;
        try {
            options = LaunchOptions.parse(args);
            if (options.help()) {
                System.out.print(LaunchOptions.USAGE);
                return EXIT_OK;
            }
            config = options.configFile() == null
                    ? new ConfigLoader().defaults()
                    : new ConfigLoader().load(options.configFile());
            if (options.dataDir() != null) {
                config = config.withDataDir(options.dataDir());
            }
        } catch (ConfigException e) {
            System.err.println("snpkm-appliance: configuration error: " + e.getMessage());
            return EXIT_CONFIG;
        }
        if (options.healthcheck()) {
            return healthcheck(config);
        }
        try {
            StartChecks.run(config, options.configFile());
            return serve(config, startNanos);
        } catch (Exception e) {
            // One line for the operator; the stack only for a developer who turns DEBUG on.
            String cause = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            LOG.error("event=start_failed error=\"{}\"", cause);
            LOG.debug("event=start_failed", e);
            System.err.println("snpkm-appliance: cannot start: " + cause);
            return EXIT_FAILED;
        }
    }

    private static int serve(ApplianceConfig config, long startNanos) throws Exception {
        DataDirectory dir = new DataDirectory(config.dataDir());
        PkiBootstrap.BootstrapResult boot = new PkiBootstrap(dir, config.tls().extraSans()).run();
        if (config.policies() == null) {
            EmptyPolicyFile.ensure(config.policiesPath());
        }
        PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
        ApplianceRuntime runtime = ApplianceRuntime.start(config, dir, boot, registry);
        OpsHttpServer http;
        try {
            ApplianceMetrics.bind(registry, runtime.server(), runtime.serverCertificate(), Clock.systemUTC());
            http = OpsHttpServer.start(
                    new InetSocketAddress(
                            config.metrics().address(), config.metrics().port()),
                    config.metrics().threads(),
                    Duration.ofSeconds(config.metrics().requestTimeoutSeconds()),
                    Duration.ofSeconds(config.metrics().responseTimeoutSeconds()),
                    registry,
                    () -> new OpsHttpServer.Readiness(
                            runtime.storeReachable(), runtime.listening(), runtime.storeFull()),
                    new AdminRoutes(
                            Files.readString(dir.adminToken()),
                            new RuntimeAdminActions(runtime, dir, config, registry)));
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        String host = connectHost(config.kmip().address());
        for (String line : ConnectionInstructions.lines(
                dir, host, runtime.server().port(), boot.createdPki(), boot.caFingerprint())) {
            System.out.println(line);
        }
        CountDownLatch stop = new CountDownLatch(1);
        TerminationSignals.onTerminate(stop::countDown);
        StoreWatchdog watchdog = StoreWatchdog.start(
                runtime::storeReachable,
                StoreWatchdog.DEFAULT_INTERVAL,
                StoreWatchdog.DEFAULT_FAILURES,
                () -> System.exit(EXIT_FAILED));
        long startupMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        long jvmMs = System.currentTimeMillis()
                - ManagementFactory.getRuntimeMXBean().getStartTime();
        LOG.info(
                "event=ready kmip_address={} kmip_port={} metrics_port={} data_dir={} store=\"{}\" ca_sha256={} "
                        + "first_run={} policies={} startup_ms={} since_jvm_start_ms={}",
                config.kmip().address(),
                runtime.server().port(),
                http.port(),
                dir.root(),
                StoreDatabase.describe(config.store()),
                boot.caFingerprint(),
                boot.createdPki(),
                runtime.policies().list().size(),
                startupMs,
                jvmMs);
        ConfigWarnings.of(config).forEach(LOG::warn);
        stop.await();
        LOG.info("event=stopping reason=signal");
        watchdog.close();
        http.close();
        runtime.close();
        LOG.info("event=stopped");
        return EXIT_OK;
    }

    /** The address clients should dial: the wildcard is not dialable, loopback always is on this host. */
    private static String connectHost(String bind) {
        return ApplianceConfig.isWildcard(bind) ? "127.0.0.1" : bind;
    }

    private static int healthcheck(ApplianceConfig config) {
        String host = connectHost(config.metrics().address());
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + config.metrics().port() + "/healthz");
        try {
            HttpResponse<String> r = HttpClient.newBuilder()
                    .connectTimeout(Duration.ofSeconds(3))
                    .build()
                    .send(
                            HttpRequest.newBuilder(uri)
                                    .timeout(Duration.ofSeconds(3))
                                    .GET()
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? EXIT_OK : EXIT_FAILED;
        } catch (Exception e) {
            System.err.println("healthcheck " + uri + " failed: " + e);
            return EXIT_FAILED;
        }
    }

    /** The admin routes over the running appliance. */
    private record RuntimeAdminActions(
            ApplianceRuntime runtime, DataDirectory dir, ApplianceConfig config, MeterRegistry meters)
            implements AdminRoutes.Actions {
        private static final String ADMIN_ROUTE_ACTOR = "admin-route (admin.token holder)";

        /** Aggregated like every refusal (one record a minute, then a count), and counted. */
        @Override
        public void refused(String peer, String why) {
            meters.counter("appliance.admin.refusals").increment();
            // One actor for every peer: remote addresses must not fill the refusal table KMIP refusals share.
            runtime.refusals()
                    .refused("admin-route (unauthenticated)", "admin-route-refused", null, why + " from " + peer);
        }

        @Override
        public String listPolicies() {
            var status = runtime.policies().status();
            StringBuilder b = new StringBuilder(
                    runtime.policies().file().map(Path::toString).orElse("(built in)")
                            + ": " + status.policyCount() + " policies, loaded " + status.loadedAt()
                            + status.lastError()
                                    .map(e -> ", last reload failed: " + e)
                                    .orElse(""));
            runtime.policies().list().forEach(p -> b.append('\n').append(p.summary()));
            return b.toString();
        }

        @Override
        public String reloadPolicies() throws Exception {
            var result = runtime.policies().reload();
            if (!result.applied()) {
                String why = result.error().orElse("rejected");
                audit("policies-reload", "refused", why);
                throw new IllegalArgumentException(why);
            }
            audit("policies-reload", "ok", result.names().size() + " policies: " + String.join(" ", result.names()));
            LOG.info("event=policies_reloaded count={}", result.names().size());
            return "reloaded " + result.names().size() + " policies: " + String.join(" ", result.names());
        }

        /** Admin-route actions are audited; the route's caller proved only that it holds admin.token. */
        private AuditRecord audit(String action, String outcome, String detail) {
            return runtime.store().audit().append(new AuditEvent(ADMIN_ROUTE_ACTOR, action, null, outcome, detail));
        }

        @Override
        public String auditVerify(@Nullable String anchor) {
            AuditLog.Head head;
            try {
                head = anchor == null ? null : AuditLog.Head.parse(anchor);
            } catch (IllegalArgumentException e) {
                return "BROKEN? cannot check: " + e.getMessage();
            }
            AuditLog.ChainCheck check = head == null
                    ? runtime.store().audit().verify()
                    : runtime.store().audit().verify(head);
            return check.intact()
                    ? "intact: " + check.recordsChecked() + " records, keyed chain verified"
                            + (head == null ? "" : ", anchor " + head.seq() + " present and unchanged")
                    : "BROKEN at seq " + check.firstBrokenSeq().getAsLong() + " (" + check.recordsChecked()
                            + " records read): " + check.problem();
        }

        @Override
        public String auditTail(int records) {
            return String.join("\n", AuditTail.last(runtime.store().database(), records));
        }

        @Override
        public AdminRoutes.Backup backup() throws Exception {
            // The backup's own record comes first, so the backup holds it and its MAC is the backup's anchor; a backup
            // that then fails gets a second record saying so.
            AuditRecord r = audit("backup", "ok", "online backup through the admin route");
            String anchor = new AuditLog.Head(r.seq(), r.hash()).text();
            LOG.info("event=backup audit_anchor={}", anchor);
            BackupCipher cipher = null;
            try {
                byte[] key = new MasterKeyFile(dir.masterKey()).readBytes();
                try {
                    cipher = new BackupCipher(key);
                } finally {
                    Arrays.fill(key, (byte) 0);
                }
                ApplianceBackup.Online online = ApplianceBackup.begin(
                        dir,
                        config.policiesPath(),
                        EffectiveConfig.yaml(config),
                        runtime.store().database().dataSource(),
                        cipher);
                return new AdminRoutes.Backup(anchor, new AuditedBackup(r.seq(), cipher, online));
            } catch (Exception | OutOfMemoryError e) {
                if (cipher != null) {
                    cipher.destroy();
                }
                backupFailed(r.seq(), e);
                throw e;
            }
        }

        /** The record above said a backup began: say it did not end, so the chain never claims a backup nobody has. */
        private void backupFailed(long seq, Throwable e) {
            try {
                audit("backup", "failed", "online backup after record " + seq + " failed: " + e);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
        }

        /** A backup being streamed; one that does not end (it fails, or the client goes away) is audited as failed. */
        private final class AuditedBackup implements AdminRoutes.BackupBody {
            private final long seq;
            private final BackupCipher cipher;
            private final ApplianceBackup.Online online;
            private boolean ended;

            AuditedBackup(long seq, BackupCipher cipher, ApplianceBackup.Online online) {
                this.seq = seq;
                this.cipher = cipher;
                this.online = online;
            }

            @Override
            public void writeTo(OutputStream out) throws Exception {
                try {
                    long statements = online.writeTo(out);
                    ended = true;
                    LOG.info("event=backup_written statements={}", statements);
                } catch (Exception | OutOfMemoryError e) {
                    ended = true;
                    backupFailed(seq, e); // an OutOfMemoryError still ends the process after this, as it must
                    throw e;
                }
            }

            @Override
            public void close() {
                if (!ended) {
                    backupFailed(seq, new IllegalStateException("the backup was not sent"));
                }
                online.close();
                cipher.destroy();
            }
        }
    }

    /** Command-line options of the appliance process (deliberately few: everything else is in the YAML). */
    record LaunchOptions(
            @Nullable Path configFile, @Nullable Path dataDir, boolean healthcheck, boolean help) {
        static final String USAGE = """
                Usage: java -jar snpkm-appliance.jar [--config FILE] [--data-dir DIR] [--healthcheck] [--help]
                Runs the snpkm KMIP key manager appliance (KMIP over mutual TLS, ops HTTP with /metrics).
                  --config FILE    YAML configuration; only the keys it changes (defaults: appliance-defaults.yaml in
                                   the jar). Without it the built-in defaults apply.
                  --data-dir DIR   the appliance's state: PKI, master key, admin token, policies, store (overrides the
                                   configuration's data-dir; default /var/lib/snpkm). Created 0700 on first start.
                  --healthcheck    GET /healthz of a running appliance (the configuration's metrics address and
                                   port); exit 0 when healthy, 1 otherwise. Starts nothing.
                  -h, --help       print this help and exit.
                Exit codes: 0 stopped cleanly, 1 start failed (one line naming the cause), 2 configuration error.
                """;

        static LaunchOptions parse(String[] args) throws ConfigException {
            Path config = null;
            Path data = null;
            boolean health = false;
            boolean help = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = Path.of(value(args, ++i, "--config"));
                    case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
                    case "--healthcheck" -> health = true;
                    case "--help", "-h" -> help = true;
                    default ->
                        throw new ConfigException(
                                args[i],
                                "unknown option (usage: [--config FILE] "
                                        + "[--data-dir DIR] [--healthcheck] [--help])");
                }
            }
            return new LaunchOptions(config, data, health, help);
        }

        private static String value(String[] args, int i, String option) throws ConfigException {
            if (i >= args.length) {
                throw new ConfigException(option, "needs a value");
            }
            return args[i];
        }
    }
}
