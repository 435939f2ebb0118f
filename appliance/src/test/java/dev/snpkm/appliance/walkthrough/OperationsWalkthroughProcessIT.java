package dev.snpkm.appliance.walkthrough;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.TestConfigs;
import dev.snpkm.appliance.testing.TestTrustRoots;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs docs/OPERATIONS.md: every {@code sh} block, in order, in one bash session (so shell variables carry from block
 * to block), against a real appliance process, real kmipctl, vm-unlock's real kmip-unlock in an emulated SEV-SNP guest
 * and real cryptsetup on a LUKS2 image file. The only changes to the page's commands are the ones its "How this page
 * is tested" section lists: scratch paths, loopback ports, and the appliance started as the unit would start it.
 */
@Timeout(value = 600, unit = TimeUnit.SECONDS)
class OperationsWalkthroughProcessIT {
    private static final Path PAGE =
            Path.of(System.getProperty("repo.root", "..")).resolve("docs/OPERATIONS.md");
    private static final Pattern SH_BLOCK = Pattern.compile("```sh\n(.*?)```", Pattern.DOTALL);
    private static final String START = "systemctl start snpkm-appliance";
    private static final String DONE = "__walkthrough_block_done__";
    private static final String INSTALLER_PASSPHRASE = "installer passphrase";
    private static final byte[] MEASUREMENT = filled(0x4D);

    @TempDir
    Path w;

    private ApplianceProcess appliance;
    private EmulatedGuestService guest;
    private ApplianceProcess.ReadyLine ready;
    private Process bash;
    private Writer bashIn;
    private final List<String> output = new ArrayList<>();

    @Test
    void everyCommandOfTheOperationsPageWorksInOrder() throws Exception {
        List<String> blocks = blocks(Files.readString(PAGE));
        assertThat(blocks).as("the page's steps").hasSize(10);
        assertThat(String.join("\n", blocks)).contains(INSTALLER_PASSPHRASE);
        prepareMachines();
        startBash();
        try {
            List<String> outputs = new ArrayList<>();
            for (String block : blocks) {
                outputs.add(run(block));
            }
            assertThat(outputs.get(0)).contains("status: ok");
            assertThat(outputs.get(1)).contains("SEV-SNP guest: yes", "Measurement: " + hex(MEASUREMENT));
            assertThat(outputs.get(2))
                    .contains("valid: 1 policies [vm-disk]", "reloaded 1 policies: vm-disk")
                    .contains("\nvm-disk");
            assertThat(outputs.get(3)).contains("certificate=", "sha256=").doesNotContain("PRIVATE KEY");
            assertThat(outputs.get(4))
                    .containsPattern(" +vm-1-disk +CN=admin +Pre-Active +vm-disk +20")
                    .contains("x-attestation-policy: vm-disk", "x-authorized-client: CN=vm-1");
            assertThat(outputs.get(6)).contains("the key manager's key opens " + w.resolve("dev/vda2"));
            assertThat(outputs.get(7)).contains("actor=\"CN=vm-1 sha256:", "outcome=released");
            assertThat(outputs.get(8)).contains("the key manager's key opens", "destroyed ");
            assertThat(outputs.get(9))
                    .contains(
                            "PERMISSION_DENIED: client certificate has been revoked",
                            "refused: the VM's certificate is revoked",
                            "intact:");
            bashIn.write("exit 0\n");
            bashIn.flush();
            assertThat(bash.waitFor(30, TimeUnit.SECONDS)).isTrue();
        } finally {
            bash.destroyForcibly();
            guest.close();
            if (appliance != null) {
                assertThat(appliance.terminate()).as(appliance.output()).isZero();
            }
        }
    }

    /** The page's {@code sh} blocks with the scratch directory in place of the machines' absolute paths. */
    private List<String> blocks(String page) {
        List<String> out = new ArrayList<>();
        Matcher m = SH_BLOCK.matcher(page);
        while (m.find()) {
            out.add(m.group(1)
                    .replace("/var/lib/snpkm", w + "/var/lib/snpkm")
                    .replace("/etc/", w + "/etc/")
                    .replace("/root/", w + "/root/")
                    .replace("/dev/vda2", w + "/dev/vda2"));
        }
        return out;
    }

    /** The two machines' state before the page starts: the package installed, a VM with a LUKS volume. */
    private void prepareMachines() throws Exception {
        for (String dir : List.of("etc/snpkm", "var/lib", "root", "dev", "bin", "guest")) {
            Files.createDirectories(w.resolve(dir));
        }
        formatLuks(w.resolve("dev/vda2"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String cp = System.getProperty("java.class.path");
        String jvm = java + " -Xmx96m -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + cp + "'";
        String data = w.resolve("var/lib/snpkm").toString();
        script("kmipctl", """
                . "%s/ports.env"
                case "$1 $2" in
                  "status "*|"keys "*) extra=(--server "127.0.0.1:$KMIP_PORT" --data-dir "%s") ;;
                  "policies validate") extra=() ;;
                  "policies "*|"audit "*|"backup create") extra=(--admin-url "http://127.0.0.1:$METRICS_PORT" \\
                      --data-dir "%s") ;;
                  *) extra=(--data-dir "%s") ;;
                esac
                exec %s dev.snpkm.appliance.cli.Kmipctl "$@" "${extra[@]}"
                """.formatted(w, data, data, data, jvm));
        guest = new EmulatedGuestService(w.resolve("guest"), MEASUREMENT);
        script("kmip-unlock", """
                case "$1" in
                  open|enroll) set -- "$@" --config "%s/etc/kmip-unlock/kmip-unlock.conf" --attempts 1 ;;
                esac
                exec 3<>/dev/tcp/127.0.0.1/%d
                { echo "$#"; printf '%%s\\n' "$@"; } >&3
                code=1
                while IFS= read -r line <&3; do
                  case "$line" in
                    __exit__*) code=${line#__exit__ }; break ;;
                    *) printf '%%s\\n' "$line" ;;
                  esac
                done
                exit "$code"
                """.formatted(w, guest.port()));
        Files.writeString(w.resolve("ports.env"), "KMIP_PORT=0\nMETRICS_PORT=0\n");
    }

    private void script(String name, String body) throws IOException {
        Path f = w.resolve("bin").resolve(name);
        Files.writeString(f, "#!/bin/bash\n" + body);
        f.toFile().setExecutable(true);
    }

    private void startBash() throws IOException {
        ProcessBuilder pb = new ProcessBuilder("bash", "--norc", "--noprofile")
                .directory(w.toFile())
                .redirectErrorStream(true);
        pb.environment().put("PATH", w.resolve("bin") + ":" + System.getenv("PATH"));
        bash = pb.start();
        bashIn = new java.io.OutputStreamWriter(bash.getOutputStream(), StandardCharsets.UTF_8);
        Thread reader = new Thread(
                () -> {
                    try (BufferedReader r =
                            new BufferedReader(new InputStreamReader(bash.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = r.readLine()) != null; ) {
                            synchronized (output) {
                                output.add(line);
                                output.notifyAll();
                            }
                        }
                    } catch (IOException ignored) {
                        // bash ended
                    }
                },
                "walkthrough-bash");
        reader.setDaemon(true);
        reader.start();
        bashIn.write("set -eo pipefail\n");
    }

    /** Runs one block (starting the appliance where the page does) and returns what it printed. */
    private String run(String block) throws Exception {
        StringBuilder printed = new StringBuilder();
        int at = block.indexOf(START);
        if (at >= 0) {
            printed.append(feed(block.substring(0, at)));
            startAppliance();
            block = block.substring(at + START.length());
        }
        printed.append(feed(block.replace("kms.example.internal:5696", "127.0.0.1:" + port())));
        return printed.toString();
    }

    private int port() {
        return ready == null ? 5696 : ready.kmipPort();
    }

    private String feed(String commands) throws Exception {
        int from;
        synchronized (output) {
            from = output.size();
        }
        bashIn.write(commands + "\necho " + DONE + "\n");
        bashIn.flush();
        long deadline = System.nanoTime() + Duration.ofSeconds(240).toNanos();
        synchronized (output) {
            while (!output.subList(from, output.size()).contains(DONE)) {
                if (!bash.isAlive() || System.nanoTime() > deadline) {
                    throw new AssertionError("the block failed or hung (bash "
                            + (bash.isAlive() ? "still running" : "exited " + bash.exitValue()) + "):\n" + commands
                            + "\n--- output ---\n" + String.join("\n", output.subList(from, output.size())));
                }
                output.wait(200);
            }
            return String.join("\n", output.subList(from, output.size()));
        }
    }

    /** What the unit's ExecStart runs, with the page's configuration plus loopback ports and the test AMD roots. */
    private void startAppliance() throws Exception {
        Path config = w.resolve("etc/snpkm/appliance.yaml");
        Path roots = TestTrustRoots.write(w.resolve("amd-test-roots"));
        Files.writeString(
                config,
                Files.readString(config)
                        + TestConfigs.loopback("attestation:\n" + "  test-trust-roots-dir: " + roots + "\n"));
        appliance = ApplianceProcess.start(config, w.resolve("var/lib/snpkm"));
        ready = appliance.awaitReady();
        Files.writeString(
                w.resolve("ports.env"),
                "KMIP_PORT=" + ready.kmipPort() + "\nMETRICS_PORT=" + ready.metricsPort() + "\n");
    }

    /** The VM's volume before the page: LUKS2 with only the installer's passphrase (cheap PBKDF for the test). */
    private void formatLuks(Path image) throws Exception {
        try (var f = new java.io.RandomAccessFile(image.toFile(), "rw")) {
            f.setLength(20L * 1024 * 1024);
        }
        Process p = new ProcessBuilder(
                        "cryptsetup",
                        "luksFormat",
                        "--type",
                        "luks2",
                        "--batch-mode",
                        "--pbkdf",
                        "pbkdf2",
                        "--pbkdf-force-iterations",
                        "1000",
                        "--key-file=-",
                        image.toString())
                .redirectErrorStream(true)
                .start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(INSTALLER_PASSPHRASE.getBytes(StandardCharsets.US_ASCII));
        }
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue())
                .as(new String(p.getInputStream().readAllBytes()))
                .isZero();
    }

    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    private static byte[] filled(int v) {
        byte[] b = new byte[48];
        Arrays.fill(b, (byte) v);
        return b;
    }
}
