package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's run command, as a user on a fresh machine types it: {@code java -jar appliance/target/snpkm-appliance.jar
 * --data-dir DIR} with no configuration file. Then {@code kmipctl status} and the PyKMIP client connect using only the
 * files the appliance printed. Runs after {@code package} (failsafe), because it needs the shaded jar.
 */
class ReadmeRunCommandIT {
    private static final Duration START_TIMEOUT = Duration.ofSeconds(60);
    private static final Pattern CONNECT = Pattern.compile("^connect: kmipctl (status .*)$");

    @TempDir
    Path dataDir;

    @Test
    void theReadmeRunCommandServesKmipToKmipctlAndPyKmipWithOnlyThePrintedFiles() throws Exception {
        // The embedded defaults listen on 5696 (KMIP) and 9696 (metrics): a clear failure if something holds them.
        for (int port : new int[] {5696, 9696}) {
            try (ServerSocket probe = new ServerSocket(port)) {
                assertThat(probe.isBound()).isTrue();
            } catch (IOException e) {
                throw new AssertionError("port " + port + " is in use; the README's run command needs it free", e);
            }
        }
        Path jar = Path.of(System.getProperty("appliance.jar"));
        assertThat(jar).as("shaded jar built by `package`").isRegularFile();
        Path repo = Path.of(System.getProperty("repo.root"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();

        Process appliance = new ProcessBuilder(java, "-jar", jar.toString(), "--data-dir", dataDir.toString())
                .redirectErrorStream(true)
                .start();
        List<String> output = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> drain(appliance, output));
        reader.start();
        try {
            String connect = awaitLine(output, appliance, CONNECT);
            List<String> statusArgs = new ArrayList<>(List.of(connect.split(" ")));
            assertThat(output).noneMatch(l -> l.contains("PRIVATE KEY"));

            Result status = run(List.of(repo.resolve("bin/kmipctl").toString()), statusArgs, jar);
            assertThat(status.exit()).as(status.output()).isZero();
            assertThat(status.output()).contains("status: ok", "2.1", "1.0");

            Result pykmip = run(
                    List.of(
                            "/usr/bin/python3",
                            repo.resolve("interop/pykmip/pykmip_client_ops.py").toString(),
                            "--host",
                            "127.0.0.1",
                            "--port",
                            "5696",
                            "--ca",
                            printed(output, "ca_certificate"),
                            "--cert",
                            printed(output, "admin_certificate"),
                            "--key",
                            printed(output, "admin_private_key"),
                            "--version",
                            "1.2"),
                    List.of(),
                    jar);
            assertThat(pykmip.exit()).as(pykmip.output()).isZero();
            assertThat(pykmip.output())
                    .contains("\"step\": \"get\", \"ok\": true")
                    .doesNotContain("\"ok\": false");
        } finally {
            appliance.toHandle().destroy(); // SIGTERM: graceful shutdown
            boolean stopped = appliance.waitFor(30, TimeUnit.SECONDS);
            if (!stopped) {
                appliance.destroyForcibly();
            }
            reader.join(5_000);
            assertThat(stopped).as("stopped within 30 s of SIGTERM").isTrue();
            assertThat(appliance.exitValue()).as(String.join("\n", output)).isZero();
        }
    }

    /** A path the appliance printed as {@code name=PATH [...]}. */
    private static String printed(List<String> output, String name) {
        Pattern p = Pattern.compile("^" + name + "=(\\S+)");
        for (String line : output) {
            Matcher m = p.matcher(line);
            if (m.find()) {
                assertThat(Path.of(m.group(1))).isRegularFile();
                return m.group(1);
            }
        }
        throw new AssertionError("the appliance did not print " + name + "; output:\n" + String.join("\n", output));
    }

    private static String awaitLine(List<String> output, Process p, Pattern wanted) throws InterruptedException {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            for (String line : output) {
                Matcher m = wanted.matcher(line);
                if (m.find() && output.stream().anyMatch(l -> l.contains("event=ready"))) {
                    return m.group(1);
                }
            }
            if (!p.isAlive()) {
                throw new AssertionError("appliance exited with " + p.exitValue() + ":\n" + String.join("\n", output));
            }
            Thread.sleep(100);
        }
        throw new AssertionError("no ready line within " + START_TIMEOUT + ":\n" + String.join("\n", output));
    }

    private static void drain(Process p, List<String> into) {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line; (line = r.readLine()) != null; ) {
                into.add(line);
            }
        } catch (IOException e) {
            into.add("(output closed: " + e.getMessage() + ")");
        }
    }

    private record Result(int exit, String output) {}

    private static Result run(List<String> command, List<String> args, Path jar) throws Exception {
        List<String> cmd = new ArrayList<>(command);
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        pb.environment().put("SNPKM_JAR", jar.toString());
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(cmd + " did not finish in 60 s");
        }
        return new Result(p.exitValue(), out);
    }
}
