package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.EngineFixture;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * PyKMIP's own demo scripts (kmip.demos.pie, as Debian ships them), run unmodified through
 * interop/pykmip/pykmip_demo.py at each protocol version a PyKMIP user picks: register a key, Get Attributes with no
 * names ("all attributes"), Locate it by name, Create Key Pair, and Get Attributes of the new private key by name.
 * At 1.4 the OASIS mandatory case TL-M-3-14 requires attributes in "all attributes" that PyKMIP 0.10 cannot decode
 * (see UnnamedGetAttributes): there the unnamed form fails inside PyKMIP and the named form is what works.
 */
class PyKmipDemoInteropIT {
    private static final Path SCRIPT = Path.of("..", "interop", "pykmip", "pykmip_demo.py");
    private static final Pattern REGISTERED = Pattern.compile("Successfully registered symmetric key with ID: (\\S+)");
    private static final Pattern PRIVATE = Pattern.compile("Successfully created private key with ID: (\\S+)");

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "KMIP {0}")
    @ValueSource(strings = {"1.2", "1.4", "2.0"})
    void theDemoFlowsSucceed(String version) throws Exception {
        try (EngineFixture server = EngineFixture.start(tmp)) {
            Demo registered = demo(server, version, "register_symmetric_key");
            String uid = group(REGISTERED, registered);

            if (version.equals("1.4")) {
                Demo all = run(server, version, "get_attributes", "-i", uid);
                assertThat(all.exit()).as(all.output()).isEqualTo(1);
                assertThat(all.output()).contains("No value type for");
                Demo named = demo(
                        server,
                        version,
                        "get_attributes",
                        "-i",
                        uid,
                        "-a",
                        "Cryptographic Algorithm",
                        "-a",
                        "State",
                        "-a",
                        "Name");
                assertThat(named.output()).contains("Successfully retrieved 3 attributes");
            } else {
                Demo all = demo(server, version, "get_attributes", "-i", uid);
                assertThat(all.output())
                        .containsPattern("Successfully retrieved \\d+ attributes")
                        .contains("Attribute Cryptographic Algorithm", "Attribute State", "Attribute Name");
            }

            Demo located = demo(server, version, "locate", "-n", "Demo Symmetric Key");
            assertThat(located.output()).contains("Located uuids: ['" + uid + "']");

            Demo pair = demo(server, version, "create_key_pair", "-a", "RSA", "-l", "2048");
            String privateKey = group(PRIVATE, pair);
            // By name: every key-pair half carries a Link, which PyKMIP 0.10 cannot decode (NotImplementedError).
            Demo privateAttributes = demo(
                    server,
                    version,
                    "get_attributes",
                    "-i",
                    privateKey,
                    "-a",
                    "Object Type",
                    "-a",
                    "Cryptographic Algorithm",
                    "-a",
                    "Cryptographic Length",
                    "-a",
                    "State");
            assertThat(privateAttributes.output())
                    .contains(
                            "Successfully retrieved 4 attributes",
                            "ObjectType.PRIVATE_KEY",
                            "CryptographicAlgorithm.RSA",
                            "2048");
        }
    }

    private record Demo(int exit, String output) {}

    /** Runs a demo that must succeed (log no error). */
    private Demo demo(EngineFixture server, String version, String demo, String... args) throws Exception {
        Demo d = run(server, version, demo, args);
        assertThat(d.exit())
                .as("%s at KMIP %s logged an error:%n%s", demo, version, d.output())
                .isZero();
        return d;
    }

    private Demo run(EngineFixture server, String version, String demo, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                SCRIPT.toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(server.port()),
                "--ca",
                server.pki.caCertificatePem().toString(),
                "--cert",
                server.owner.certificatePem().toString(),
                "--key",
                server.owner.privateKeyPem().toString(),
                "--version",
                version,
                demo));
        cmd.addAll(List.of(args));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("%s finished within 60 s: %s", demo, out).isTrue();
        return new Demo(p.exitValue(), out);
    }

    private static String group(Pattern pattern, Demo demo) {
        Matcher m = pattern.matcher(demo.output());
        assertThat(m.find()).as(demo.output()).isTrue();
        return m.group(1);
    }
}
