package dev.snpkm.appliance;

import dev.snpkm.appliance.backup.BackupCipher;
import dev.snpkm.appliance.backup.StoreBackup;
import dev.snpkm.appliance.bootstrap.ConnectionInstructions;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.MasterKeyFile;
import dev.snpkm.appliance.bootstrap.PkiBootstrap;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.appliance.config.ConfigException;
import dev.snpkm.appliance.config.ConfigLoader;
import dev.snpkm.appliance.http.AdminRoutes;
import dev.snpkm.appliance.http.ApplianceMetrics;
import dev.snpkm.appliance.http.OpsHttpServer;
import dev.snpkm.appliance.server.ApplianceRuntime;
import dev.snpkm.appliance.server.AuditTail;
import dev.snpkm.appliance.server.StoreDatabase;
import dev.snpkm.server.store.AuditLog;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
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
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The appliance process: {@code java -jar snpkm-appliance.jar [--config FILE] [--data-dir DIR]}.
 *
 * <p>Order: config (exit 2 on any problem, before anything is created or bound) → first-run bootstrap → store,
 * policies, KMIP listener → ops HTTP → one "event=ready" log line. SIGTERM/SIGINT: stop listening, finish in-flight
 * requests, close the store, exit 0. {@code --healthcheck} is the container probe: GET /healthz, exit 0 or 1.
 */
public final class Appliance {
    public static final int EXIT_OK = 0;
    public static final int EXIT_FAILED = 1;
    public static final int EXIT_CONFIG = 2;

    private static final Logger log = LoggerFactory.getLogger(Appliance.class);

    private Appliance() {
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        long startNanos = System.nanoTime();
        LaunchOptions options;
        ApplianceConfig config;
        try {
            options = LaunchOptions.parse(args);
            config = options.configFile() == null ? new ConfigLoader().defaults()
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
            return serve(config, startNanos);
        } catch (Exception e) {
            log.error("event=start_failed error=\"{}\"", e.getMessage(), e);
            System.err.println("snpkm-appliance: cannot start: " + e.getMessage());
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
            http = OpsHttpServer.start(new InetSocketAddress(config.metrics().address(), config.metrics().port()),
                    registry, () -> new OpsHttpServer.Readiness(runtime.storeReachable(), runtime.listening()),
                    new AdminRoutes(Files.readString(dir.adminToken()), new RuntimeAdminActions(runtime, dir)));
        } catch (Exception e) {
            runtime.close();
            throw e;
        }
        String host = connectHost(config.kmip().address());
        for (String line : ConnectionInstructions.lines(dir, host, runtime.server().port(), boot.createdPki(),
                boot.caFingerprint())) {
            System.out.println(line);
        }
        CountDownLatch stop = new CountDownLatch(1);
        TerminationSignals.onTerminate(stop::countDown);
        long startupMs = Duration.ofNanos(System.nanoTime() - startNanos).toMillis();
        long jvmMs = System.currentTimeMillis() - ManagementFactory.getRuntimeMXBean().getStartTime();
        log.info("event=ready kmip_address={} kmip_port={} metrics_port={} data_dir={} store=\"{}\" ca_sha256={} "
                        + "first_run={} policies={} startup_ms={} since_jvm_start_ms={}",
                config.kmip().address(), runtime.server().port(), http.port(), dir.root(),
                StoreDatabase.describe(config.store()), boot.caFingerprint(),
                boot.createdPki(), runtime.policies().list().size(), startupMs, jvmMs);
        stop.await();
        log.info("event=stopping reason=signal");
        http.close();
        runtime.close();
        log.info("event=stopped");
        return EXIT_OK;
    }

    /** The address clients should dial: the wildcard is not dialable, loopback always is on this host. */
    private static String connectHost(String bind) {
        return bind.equals("0.0.0.0") || bind.equals("::") ? "127.0.0.1" : bind;
    }

    private static int healthcheck(ApplianceConfig config) {
        String host = connectHost(config.metrics().address());
        URI uri = URI.create("http://" + (host.contains(":") ? "[" + host + "]" : host) + ":"
                + config.metrics().port() + "/healthz");
        try {
            HttpResponse<String> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build()
                    .send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(3)).GET().build(),
                            HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 ? EXIT_OK : EXIT_FAILED;
        } catch (Exception e) {
            System.err.println("healthcheck " + uri + " failed: " + e);
            return EXIT_FAILED;
        }
    }

    /** The admin routes over the running appliance. */
    private record RuntimeAdminActions(ApplianceRuntime runtime, DataDirectory dir) implements AdminRoutes.Actions {
        @Override
        public String listPolicies() {
            var status = runtime.policies().status();
            StringBuilder b = new StringBuilder(runtime.policies().file().map(Path::toString).orElse("(built in)")
                    + ": " + status.policyCount() + " policies, loaded " + status.loadedAt()
                    + status.lastError().map(e -> ", last reload failed: " + e).orElse(""));
            runtime.policies().list().forEach(p -> b.append('\n').append(p.name()));
            return b.toString();
        }

        @Override
        public String reloadPolicies() throws Exception {
            var result = runtime.policies().reload();
            if (!result.applied()) {
                throw new IllegalArgumentException(result.error().orElse("rejected"));
            }
            log.info("event=policies_reloaded count={}", result.names().size());
            return "reloaded " + result.names().size() + " policies: " + String.join(" ", result.names());
        }

        @Override
        public String auditVerify() {
            AuditLog.ChainCheck check = runtime.store().audit().verify();
            return check.intact() ? "intact: " + check.recordsChecked() + " records, hash chain verified"
                    : "BROKEN at seq " + check.firstBrokenSeq().getAsLong() + " (" + check.recordsChecked()
                            + " records read)";
        }

        @Override
        public String auditTail(int records) {
            return String.join("\n", AuditTail.last(runtime.store().database(), records));
        }

        @Override
        public byte[] backup() throws Exception {
            byte[] key = new MasterKeyFile(dir.masterKey()).readBytes();
            try {
                return StoreBackup.create(runtime.store().database().dataSource(), new BackupCipher(key));
            } finally {
                Arrays.fill(key, (byte) 0);
            }
        }
    }

    /** Command-line options of the appliance process (deliberately few: everything else is in the YAML). */
    record LaunchOptions(Path configFile, Path dataDir, boolean healthcheck) {
        static LaunchOptions parse(String[] args) throws ConfigException {
            Path config = null;
            Path data = null;
            boolean health = false;
            for (int i = 0; i < args.length; i++) {
                switch (args[i]) {
                    case "--config" -> config = Path.of(value(args, ++i, "--config"));
                    case "--data-dir" -> data = Path.of(value(args, ++i, "--data-dir"));
                    case "--healthcheck" -> health = true;
                    default -> throw new ConfigException(args[i], "unknown option (usage: [--config FILE] "
                            + "[--data-dir DIR] [--healthcheck])");
                }
            }
            return new LaunchOptions(config, data, health);
        }

        private static String value(String[] args, int i, String option) throws ConfigException {
            if (i >= args.length) {
                throw new ConfigException(option, "needs a value");
            }
            return args[i];
        }
    }
}
