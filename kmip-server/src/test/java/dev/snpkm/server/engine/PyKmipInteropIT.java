package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.EngineFixture;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Debian PyKMIP 0.10 client (interop/pykmip/pykmip_client_ops.py) against our server over TLS with the test PKI:
 * every step it runs must report ok, for every protocol version it speaks.
 */
class PyKmipInteropIT {
    private static final Path SCRIPT = Path.of("..", "interop", "pykmip", "pykmip_client_ops.py");
    private static final List<String> STEPS = List.of(
            "create",
            "register",
            "get",
            "get-created",
            "locate-by-name",
            "get-attributes",
            "get-attribute-list",
            "activate",
            "revoke",
            "destroy",
            "query");

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @ParameterizedTest(name = "KMIP {0}")
    @ValueSource(strings = {"1.0", "1.1", "1.2", "1.3", "1.4", "2.0"})
    void everyPyKmipStepSucceeds(String version) throws Exception {
        PyKmipScriptRun run = PyKmipScriptRun.of(
                "pykmip_client_ops.py",
                server,
                server.owner,
                "--version",
                version,
                "--name-prefix",
                "interop-" + System.nanoTime());
        assertThat(run.finished()).as("PyKMIP client finished within 60 s").isTrue();

        List<String> expected = new ArrayList<>(STEPS);
        if (!version.equals("1.0")) {
            expected.add("discover-versions");
        }
        assertThat(run.failed()).as("failed steps (stderr: %s)", run.stderr()).isEmpty();
        assertThat(run.ok())
                .as("steps reported ok; stdout:%n%s%nstderr: %s", run.stdout(), run.stderr())
                .containsExactlyInAnyOrderElementsOf(expected);
        assertThat(run.exitValue()).isZero();
    }

    static boolean scriptExists() throws IOException {
        return Files.isRegularFile(SCRIPT);
    }
}
