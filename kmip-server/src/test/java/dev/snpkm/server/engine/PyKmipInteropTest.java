package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.EngineFixture;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Debian PyKMIP 0.10 client (interop/pykmip/pykmip_client_ops.py) against our server over TLS with the test PKI:
 * every step it runs must report ok, for every protocol version it speaks.
 */
class PyKmipInteropTest {
    private static final Path SCRIPT = Path.of("..", "interop", "pykmip", "pykmip_client_ops.py");
    private static final Pattern LINE = Pattern.compile(
            "\\{\"step\": \"([^\"]+)\", \"ok\": (true|false), \"detail\": \"(.*)\"\\}");
    private static final List<String> STEPS = List.of("create", "register", "get", "get-created", "locate-by-name",
            "get-attributes", "get-attribute-list", "activate", "revoke", "destroy", "query");

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @ParameterizedTest(name = "KMIP {0}")
    @ValueSource(strings = {"1.0", "1.1", "1.2", "1.3", "1.4", "2.0"})
    void everyPyKmipStepSucceeds(String version) throws Exception {
        Process p = new ProcessBuilder("/usr/bin/python3", SCRIPT.toString(), "--host", "127.0.0.1", "--port",
                String.valueOf(server.port()), "--ca", server.pki.caCertificatePem().toString(), "--cert",
                server.owner.certificatePem().toString(), "--key", server.owner.privateKeyPem().toString(),
                "--version", version, "--name-prefix", "interop-" + System.nanoTime())
                .redirectErrorStream(false).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(finished).as("PyKMIP client finished within 60 s").isTrue();

        Map<String, String> failed = new LinkedHashMap<>();
        List<String> ok = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                if (m.group(2).equals("true")) {
                    ok.add(m.group(1));
                } else {
                    failed.put(m.group(1), m.group(3));
                }
            }
        }
        List<String> expected = new ArrayList<>(STEPS);
        if (!version.equals("1.0")) {
            expected.add("discover-versions");
        }
        assertThat(failed).as("failed steps (stderr: %s)", tail(err)).isEmpty();
        assertThat(ok).as("steps reported ok; stdout:%n%s%nstderr: %s", out, tail(err))
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(p.exitValue()).isZero();
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }

    static boolean scriptExists() throws IOException {
        return Files.isRegularFile(SCRIPT);
    }
}
