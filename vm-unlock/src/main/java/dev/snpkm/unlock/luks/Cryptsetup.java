package dev.snpkm.unlock.luks;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Invokes cryptsetup with secrets on stdin only. Secrets never go in argv (visible in /proc/PID/cmdline to every
 * user) nor in the environment (/proc/PID/environ, inherited by children) nor in a file.
 */
final class Cryptsetup {
    /** cryptsetup(8) RETURN CODES: 2 = no permission (bad passphrase). */
    static final int EXIT_BAD_PASSPHRASE = 2;

    private final ProcessRunner runner;
    private final String executable;
    private final Duration timeout;

    Cryptsetup(ProcessRunner runner, String executable, Duration timeout) {
        this.runner = runner;
        this.executable = executable;
        this.timeout = timeout;
    }

    /** Runs {@code cryptsetup args...} with {@code secret} on stdin, then zeroes {@code secret}. */
    ProcessRunner.Outcome run(List<String> args, byte[] secret) throws LuksException {
        List<String> command = new ArrayList<>();
        command.add(executable);
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command);
        // A known, minimal environment: nothing of ours leaks to cryptsetup, and its messages stay in English.
        Map<String, String> env = pb.environment();
        env.clear();
        env.put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
        env.put("LC_ALL", "C");
        try {
            return runner.run(pb, secret, timeout);
        } catch (ProcessRunner.TimedOut e) {
            throw new LuksException(
                    e.getMessage() + " and was stopped; trying a keyslot with a slow key derivation (argon2id) can take"
                            + " seconds each: name the key's slot (key-slot=), or allow more time (deadline=)",
                    e);
        } catch (IOException e) {
            throw new LuksException(
                    "cannot run " + executable + ": " + e.getMessage() + " (install cryptsetup, or set its path)", e);
        } finally {
            Arrays.fill(secret, (byte) 0);
        }
    }

    /** Device paths and mapping names go in argv, so they must not be mistaken for options. */
    static String operand(String what, String value) {
        if (value == null || value.isEmpty() || value.startsWith("-")) {
            throw new IllegalArgumentException(what + " must not be empty or start with '-': '" + value + "'");
        }
        return value;
    }

    static String operand(String what, Path value) {
        return operand(what, value.toString());
    }

    static String firstLine(String output) {
        String line = output.lines().filter(l -> !l.isBlank()).findFirst().orElse("");
        return line.isEmpty() ? "no message" : line;
    }
}
