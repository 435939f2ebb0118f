package dev.snpkm.server.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * A real PostgreSQL server for the tests: Debian's {@code postgresql} package (initdb and pg_ctl from
 * /usr/lib/postgresql/N/bin, the newest N, or $SNPKM_PG_BIN), a throwaway cluster in a temporary directory on a free
 * loopback port, started once per test JVM ({@link #get}) and stopped by a shutdown hook. PostgreSQL refuses to run as
 * root, so under root the cluster belongs to, and runs as, the {@code postgres} user the package creates.
 *
 * <p>Password authentication (scram-sha-256) over TCP, as a production store connects: the superuser's password is
 * random and written to {@link #passwordFile()}, the form the appliance reads it in. TLS is on, with a server
 * certificate for 127.0.0.1 from a {@link TestPki} ({@link #caCertificate()}), and optional, so tests can use both.
 * fsync is off in {@link #get}: the tests test the store's SQL and transactions, not the disk; durability across a
 * crash is PostgreSQL's own (synchronous_commit). {@link #durable} is a second cluster with fsync on, as a production
 * server runs, for benchmarks that compare it with the embedded store (which fsyncs every acknowledged write).
 */
public final class TestPostgres {
    public static final String USER = "snpkm";
    /** USER_HZ, the unit of /proc/PID/stat times: 100 on every Linux architecture the JDK runs on. */
    private static final long CLOCK_TICKS_PER_SECOND = 100;

    private static TestPostgres instance;
    private static TestPostgres durableInstance;

    private final Path dir;
    private final Path binaries;
    private final int port;
    private final String password;
    private final AtomicInteger databases = new AtomicInteger();

    private TestPostgres(Path dir, Path binaries, int port, String password) {
        this.dir = dir;
        this.binaries = binaries;
        this.port = port;
        this.password = password;
    }

    /** The JVM's server, started at the first call. */
    public static synchronized TestPostgres get() {
        if (instance == null) {
            instance = startWithHook(false);
        }
        return instance;
    }

    /** The JVM's second server, with fsync on (WAL flushed at every commit), started at the first call. */
    public static synchronized TestPostgres durable() {
        if (durableInstance == null) {
            durableInstance = startWithHook(true);
        }
        return durableInstance;
    }

    private static TestPostgres startWithHook(boolean fsync) {
        TestPostgres started;
        try {
            started = start(fsync);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot start the test PostgreSQL server: " + e.getMessage(), e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(started::stop, "stop-test-postgres"));
        return started;
    }

    private static TestPostgres start(boolean fsync) throws IOException {
        Path bin = binaries();
        Path dir = Files.createTempDirectory("snpkm-pg");
        boolean root = "root".equals(System.getProperty("user.name"));
        TestPki pki = TestPki.generate(dir.resolve("tls"));
        String password = HexFormat.of().formatHex(new SecureRandom().generateSeed(16));
        Path pwfile = dir.resolve("password");
        Files.writeString(pwfile, password + "\n", StandardCharsets.UTF_8);
        Files.setPosixFilePermissions(pwfile, PosixFilePermissions.fromString("rw-------"));
        // The server refuses a key file others may read; under root it must belong to the server's user.
        Files.setPosixFilePermissions(pki.server().privateKeyPem(), PosixFilePermissions.fromString("rw-------"));
        if (root) {
            UserPrincipalLookupService users = dir.getFileSystem().getUserPrincipalLookupService();
            for (Path owned : List.of(
                    dir,
                    pwfile,
                    dir.resolve("tls"),
                    pki.server().privateKeyPem(),
                    pki.server().certificatePem())) {
                Files.setOwner(owned, users.lookupPrincipalByName("postgres"));
            }
        }
        run(
                root,
                bin.resolve("initdb").toString(),
                "-D",
                dir.resolve("data").toString(),
                "-U",
                USER,
                "--pwfile=" + pwfile,
                "--auth=scram-sha-256",
                "-E",
                "UTF8",
                "--locale=C",
                "--no-sync");
        // pg_ctl cannot take port 0: take a free one and retry if another process takes it first.
        for (int attempt = 1; ; attempt++) {
            int port = freePort();
            try {
                run(
                        root,
                        bin.resolve("pg_ctl").toString(),
                        "-D",
                        dir.resolve("data").toString(),
                        "-w",
                        "-t",
                        "60",
                        "-l",
                        dir.resolve("server.log").toString(),
                        "-o",
                        "-p " + port + " -k " + dir
                                + " -c listen_addresses=127.0.0.1 -c fsync=" + (fsync ? "on" : "off")
                                + " -c max_connections=400"
                                + " -c shared_buffers=32MB -c ssl=on -c ssl_cert_file="
                                + pki.server().certificatePem()
                                + " -c ssl_key_file=" + pki.server().privateKeyPem(),
                        "start");
                return new TestPostgres(dir, bin, port, password);
            } catch (IOException e) {
                if (attempt == 3) {
                    throw new IOException(e.getMessage() + "\n" + Files.readString(dir.resolve("server.log")), e);
                }
            }
        }
    }

    private static Path binaries() throws IOException {
        String configured = System.getenv("SNPKM_PG_BIN");
        if (configured != null) {
            return Path.of(configured);
        }
        Path lib = Path.of("/usr/lib/postgresql");
        if (Files.isDirectory(lib)) {
            try (Stream<Path> versions = Files.list(lib)) {
                Path newest = versions.filter(v -> Files.isExecutable(v.resolve("bin/initdb")))
                        .max(Comparator.comparing(
                                v -> Integer.parseInt(v.getFileName().toString().replaceAll("\\D", "0"))))
                        .orElse(null);
                if (newest != null) {
                    return newest.resolve("bin");
                }
            }
        }
        throw new IOException("no PostgreSQL server binaries: install Debian's postgresql package (.ci/run does) or "
                + "set SNPKM_PG_BIN to the directory holding initdb and pg_ctl");
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private static void run(boolean root, String... command) throws IOException {
        List<String> argv = new ArrayList<>();
        if (root) {
            argv.addAll(List.of("runuser", "-u", "postgres", "--"));
        }
        argv.addAll(List.of(command));
        Process p = new ProcessBuilder(argv).redirectErrorStream(true).start();
        try {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IOException(String.join(" ", command) + " failed: " + out);
            }
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while running " + command[0], e);
        }
    }

    /**
     * Restarts the server on the same port, options and data ("-m fast": open sessions are terminated, as when a
     * database fails over), for tests of how the store's pool recovers. The server logs to its file: were it to
     * inherit this pipe, reading pg_ctl's output would wait for the server to exit.
     */
    public synchronized void restart() {
        try {
            run(
                    "root".equals(System.getProperty("user.name")),
                    binaries.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "fast",
                    "-w",
                    "-t",
                    "60",
                    "-l",
                    dir.resolve("server.log").toString(),
                    "restart");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot restart the test PostgreSQL server: " + e.getMessage(), e);
        }
    }

    private void stop() {
        try {
            run(
                    "root".equals(System.getProperty("user.name")),
                    binaries.resolve("pg_ctl").toString(),
                    "-D",
                    dir.resolve("data").toString(),
                    "-m",
                    "immediate",
                    "-w",
                    "stop");
        } catch (IOException e) {
            System.err.println("test PostgreSQL did not stop: " + e.getMessage());
        }
        try {
            TempDirs.deleteTree(dir);
        } catch (IOException e) {
            System.err.println("test PostgreSQL directory not removed: " + e.getMessage());
        }
    }

    public int port() {
        return port;
    }

    /**
     * CPU time the server's processes have used so far (the postmaster and its children, from /proc), so a benchmark
     * can say how much of the host's CPU the database took.
     */
    public Duration cpuTime() throws IOException {
        long postmaster = Long.parseLong(Files.readAllLines(dir.resolve("data").resolve("postmaster.pid"))
                .get(0)
                .strip());
        long ticks = 0;
        try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
            for (Path proc : procs.filter(p -> p.getFileName().toString().matches("\\d+"))
                    .toList()) {
                String[] stat = procStatFields(proc);
                if (stat.length < 17) {
                    continue; // the process exited while we listed /proc
                }
                long pid = Long.parseLong(proc.getFileName().toString());
                long parent = Long.parseLong(stat[1]);
                if (pid == postmaster) {
                    // utime, stime, and the children it has reaped (backends that exited)
                    ticks += Long.parseLong(stat[11])
                            + Long.parseLong(stat[12])
                            + Long.parseLong(stat[13])
                            + Long.parseLong(stat[14]);
                } else if (parent == postmaster) {
                    ticks += Long.parseLong(stat[11]) + Long.parseLong(stat[12]);
                }
            }
        }
        return Duration.ofMillis(ticks * 1000 / CLOCK_TICKS_PER_SECOND);
    }

    /** Fields of /proc/PID/stat after the command name (field 3, the state, is index 0); empty if it is gone. */
    private static String[] procStatFields(Path proc) {
        try {
            String stat = Files.readString(proc.resolve("stat"));
            return stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        } catch (IOException e) {
            return new String[0];
        }
    }

    /** The CA that issued the server's TLS certificate, for {@code sslmode=verify-full&sslrootcert=...}. */
    public Path caCertificate() {
        return dir.resolve("tls").resolve("ca.pem");
    }

    /** The superuser's password, as a file the appliance's store.password-file can name (owner-only). */
    public Path passwordFile() {
        return dir.resolve("password");
    }

    public String password() {
        return password;
    }

    public String url(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates an empty database of its own for a test (class), returning its JDBC URL. */
    public String createDatabase(String purpose) {
        String name =
                "t" + databases.incrementAndGet() + "_" + purpose.toLowerCase().replaceAll("[^a-z0-9]", "_");
        name = name.substring(0, Math.min(name.length(), 60));
        try (Connection c = DriverManager.getConnection(url("postgres"), USER, password);
                Statement s = c.createStatement()) {
            s.executeUpdate("CREATE DATABASE " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + ": " + e.getMessage(), e);
        }
        return url(name);
    }
}
