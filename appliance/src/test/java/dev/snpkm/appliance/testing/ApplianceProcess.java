package dev.snpkm.appliance.testing;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The appliance as a separate JVM, started with the same command as the Dockerfile's ENTRYPOINT ({@link #command}),
 * with its output (stdout and stderr merged) collected line by line.
 */
public final class ApplianceProcess implements AutoCloseable {
    public static final String MAIN = "dev.snpkm.appliance.Appliance";
    /** The memory limits the Dockerfile and the systemd unit start the appliance with (tests use smaller ones). */
    public static final List<String> PRODUCTION_JVM_OPTIONS =
            List.of("-Xmx512m", "-XX:MaxDirectMemorySize=256m", "-XX:+ExitOnOutOfMemoryError");

    private static final Pattern KEY_VALUE = Pattern.compile("(\\w+)=(\\S+)");

    private final Process process;
    private final List<String> lines = new ArrayList<>();
    private final long startedNanos = System.nanoTime();
    private final Thread reader;

    private ApplianceProcess(Process process) {
        this.process = process;
        this.reader = new Thread(this::pump, "appliance-output");
        reader.setDaemon(true);
        reader.start();
    }

    /**
     * The launch command: `java -XX:+ExitOnOutOfMemoryError -cp CLASSPATH MAIN --config FILE --data-dir DIR`
     * (Dockerfile ENTRYPOINT and systemd ExecStart shape). The flag ends the JVM at its first OutOfMemoryError, so a
     * supervisor restarts it instead of it limping on with a closed store.
     */
    public static List<String> command(String java, String classpath, String config, String dataDir) {
        return List.of(
                java, "-XX:+ExitOnOutOfMemoryError", "-cp", classpath, MAIN, "--config", config, "--data-dir", dataDir);
    }

    /** {@link #command} with {@link #PRODUCTION_JVM_OPTIONS}: exactly the Dockerfile ENTRYPOINT and unit ExecStart. */
    public static List<String> productionCommand(String java, String classpath, String config, String dataDir) {
        List<String> cmd = new ArrayList<>(List.of(java));
        cmd.addAll(PRODUCTION_JVM_OPTIONS);
        cmd.addAll(List.of("-cp", classpath, MAIN, "--config", config, "--data-dir", dataDir));
        return cmd;
    }

    public static ApplianceProcess start(Path config, Path dataDir) throws IOException {
        return start(config, dataDir, List.of());
    }

    /** As {@link #start(Path, Path)}, with JVM options added after the defaults (a later -Xmx wins). */
    public static ApplianceProcess start(Path config, Path dataDir, List<String> jvmOptions) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        return launch(
                new ArrayList<>(
                        command(java, System.getProperty("java.class.path"), config.toString(), dataDir.toString())),
                jvmOptions);
    }

    /** As {@link #start(Path, Path)}, from a shell that first sets {@code umask} (e.g. "000" or "022"). */
    public static ApplianceProcess startWithUmask(String umask, Path config, Path dataDir) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(
                command(java, System.getProperty("java.class.path"), config.toString(), dataDir.toString()));
        cmd.add(1, "-Xmx128m");
        cmd.add(2, "-XX:TieredStopAtLevel=1");
        List<String> shell = new ArrayList<>(List.of("/bin/sh", "-c", "umask " + umask + " && exec \"$@\"", "sh"));
        shell.addAll(cmd);
        return new ApplianceProcess(
                new ProcessBuilder(shell).redirectErrorStream(true).start());
    }

    /** The appliance's main class with exactly these arguments (e.g. {@code --help}). */
    public static ApplianceProcess start(List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new ArrayList<>(List.of(java, "-cp", System.getProperty("java.class.path"), MAIN));
        cmd.addAll(args);
        return launch(cmd, List.of());
    }

    private static ApplianceProcess launch(List<String> cmd, List<String> jvmOptions) throws IOException {
        // Small heap: the appliance shares a 2-core machine with other builds in these tests.
        List<String> options = new ArrayList<>(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1"));
        options.addAll(jvmOptions);
        cmd.addAll(1, options);
        return new ApplianceProcess(
                new ProcessBuilder(cmd).redirectErrorStream(true).start());
    }

    private void pump() {
        try (BufferedReader r =
                new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                synchronized (lines) {
                    lines.add(line);
                    lines.notifyAll();
                }
            }
        } catch (IOException ignored) {
            // the process ended
        }
    }

    /** The first line matching, waiting up to {@code timeout}; fails with the whole output so far. */
    public String awaitLine(Predicate<String> match, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (lines) {
            while (true) {
                Optional<String> hit = lines.stream().filter(match).findFirst();
                if (hit.isPresent()) {
                    return hit.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && lines.stream().noneMatch(match))) {
                    if (!process.isAlive() || left <= 0) {
                        throw new AssertionError("no matching line within " + timeout + "; output:\n" + output());
                    }
                }
                lines.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Waits for "event=ready" and returns its key=value fields. */
    public ReadyLine awaitReady() throws InterruptedException {
        String line = awaitLine(l -> l.contains("event=ready"), Duration.ofSeconds(60));
        long elapsedMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedNanos);
        Matcher m = KEY_VALUE.matcher(line);
        java.util.Map<String, String> fields = new java.util.HashMap<>();
        while (m.find()) {
            fields.put(m.group(1), m.group(2));
        }
        return new ReadyLine(fields, elapsedMs);
    }

    public record ReadyLine(java.util.Map<String, String> fields, long observedAfterMs) {
        public int kmipPort() {
            return Integer.parseInt(fields.get("kmip_port"));
        }

        public int metricsPort() {
            return Integer.parseInt(fields.get("metrics_port"));
        }
    }

    public String output() {
        synchronized (lines) {
            return String.join("\n", lines);
        }
    }

    public long pid() {
        return process.pid();
    }

    /** SIGTERM, then the exit code (fails the test after 30 s). */
    public int terminate() throws InterruptedException {
        // SIGTERM through the handle: Process.destroy() also closes our end of its stdout, losing the last lines.
        process.toHandle().destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("appliance did not stop within 30 s of SIGTERM; output:\n" + output());
        }
        reader.join(5000); // the last lines (event=stopped) may still be in the pipe
        return process.exitValue();
    }

    public int awaitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("appliance still running after " + timeout + "; output:\n" + output());
        }
        reader.join(5000);
        return process.exitValue();
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            process.destroyForcibly();
        }
    }
}
