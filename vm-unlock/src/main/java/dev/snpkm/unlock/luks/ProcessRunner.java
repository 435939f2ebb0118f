package dev.snpkm.unlock.luks;

import java.io.IOException;
import java.time.Duration;

/**
 * Runs an external program, feeding it {@code stdin} and closing it. The seam lets tests see the exact command line
 * and environment handed to the OS, to prove no key is in them.
 */
public interface ProcessRunner {

    /** Exit status and merged stdout/stderr text (cryptsetup prints only diagnostics; it never echoes a key). */
    record Outcome(int exitCode, String output) {}

    /** @throws TimedOut the program did not finish within timeout and was killed */
    Outcome run(ProcessBuilder builder, byte[] stdin, Duration timeout) throws IOException;

    /** The program ran past its time and was killed: not a missing program. */
    final class TimedOut extends IOException {
        private static final long serialVersionUID = 1L;

        public TimedOut(String message) {
            super(message);
        }
    }
}
