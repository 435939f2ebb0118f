package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.server.testing.EngineFixture;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Debian PyKMIP 0.10 client's cryptographic services (interop/pykmip/pykmip_crypto_ops.py: encrypt, decrypt, sign,
 * signature_verify, also streamed in two parts from 1.3 on, mac, derive_key) against our server over TLS, each result checked by the script against Python's own
 * 'cryptography' and hmac computing the same thing, in every version PyKMIP offers these operations in (1.2+).
 */
class PyKmipCryptoInteropIT {
    private static final List<String> STEPS = List.of(
            "encrypt",
            "decrypt",
            "decrypt-wrong-iv",
            "sign",
            "signature-verify",
            "derive-key-pbkdf2",
            "derive-key-hmac",
            "derive-key-nist800-108-c",
            "derive-key-refused-without-mask",
            "mac",
            "encrypt-refused-without-mask");

    private static List<String> concat(List<String> steps, String more) {
        List<String> all = new java.util.ArrayList<>(steps);
        all.add(more);
        return all;
    }

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @ParameterizedTest(name = "KMIP {0}")
    @ValueSource(strings = {"1.2", "1.3", "1.4", "2.0"})
    void everyPyKmipCryptographicStepSucceeds(String version) throws Exception {
        PyKmipScriptRun run = PyKmipScriptRun.of(
                "pykmip_crypto_ops.py",
                server,
                server.owner,
                "--version",
                version,
                "--name-prefix",
                "crypto-" + System.nanoTime());

        assertThat(run.finished()).as("PyKMIP client finished within 60 s").isTrue();
        assertThat(run.failed()).as("failed steps (stderr: %s)", run.stderr()).isEmpty();
        assertThat(run.ok())
                .as("steps reported ok; stdout:%n%s%nstderr: %s", run.stdout(), run.stderr())
                .containsExactlyInAnyOrderElementsOf(
                        version.equals("1.2") ? STEPS : concat(STEPS, "signature-verify-streamed"));
        assertThat(run.exitValue()).isZero();
    }
}
