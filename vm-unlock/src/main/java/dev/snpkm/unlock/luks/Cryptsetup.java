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
 *
 * <p>A key goes to stdin as one write of {@link #STDIN_BYTES}, the key then zeros, and {@code --keyfile-size=N} (or
 * {@code --new-keyfile-size=N} for luksAddKey's new key) makes cryptsetup read only the key's N bytes: the same bytes
 * it read to EOF before the padding, so slots enrolled then still open. The padding is why no copy stays in the JDK's
 * stdin stream to a child: a BufferedOutputStream of 8 KiB that copies a shorter write into its buffer and keeps it
 * after close, out of our reach, while a write of 8 KiB bypasses it (PipeStreamKeyCopyIT). Every Java array that held
 * the key is zeroed. Not zeroed: the native write's copy in an 8 KiB C stack buffer (io_util.c) until later native
 * calls of the thread overwrite it, the kernel's pipe page until cryptsetup exits, and cryptsetup's own memory.
 */
final class Cryptsetup {
    /** cryptsetup(8) RETURN CODES: 2 = no permission (bad passphrase). */
    static final int EXIT_BAD_PASSPHRASE = 2;

    /**
     * The size of the one write of the key to cryptsetup's stdin: the JDK pipe stream's buffer (BufferedOutputStream's
     * default), which a write of that size bypasses, and the largest write whose native copy is on the stack.
     */
    static final int STDIN_BYTES = 8192;

    private final ProcessRunner runner;
    private final String executable;
    private final Duration timeout;

    Cryptsetup(ProcessRunner runner, String executable, Duration timeout) {
        this.runner = runner;
        this.executable = executable;
        this.timeout = timeout;
    }

    /** Runs {@code cryptsetup args...} with nothing on stdin. */
    ProcessRunner.Outcome run(List<String> args) throws LuksException {
        return start(args, new byte[0]);
    }

    /**
     * Runs {@code cryptsetup args...} with {@code key} on stdin, padded with zeros to {@link #STDIN_BYTES}; {@code
     * args} must hold {@link #keyfileSize} or {@link #newKeyfileSize} of this key, so that cryptsetup reads only the
     * key's bytes. Zeroes {@code key} and the padded copy, success or not.
     */
    ProcessRunner.Outcome runWithKey(List<String> args, byte[] key) throws LuksException {
        byte[] padded = new byte[STDIN_BYTES];
        try {
            if (key.length == 0 || key.length > STDIN_BYTES) {
                throw new LuksException("a key of " + key.length + " bytes cannot be passed to cryptsetup (1 to "
                        + STDIN_BYTES + " bytes)");
            }
            if (!args.contains(keyfileSize(key)) && !args.contains(newKeyfileSize(key))) {
                throw new IllegalStateException("cryptsetup would read the padding as part of the key: no "
                        + keyfileSize(key) + " or " + newKeyfileSize(key) + " in " + args);
            }
            System.arraycopy(key, 0, padded, 0, key.length);
            return start(args, padded);
        } finally {
            Arrays.fill(key, (byte) 0);
            Arrays.fill(padded, (byte) 0);
        }
    }

    /** cryptsetup reads only the key's bytes from {@code --key-file}. */
    static String keyfileSize(byte[] key) {
        return "--keyfile-size=" + key.length;
    }

    /** luksAddKey reads only the new key's bytes from its new key file. */
    static String newKeyfileSize(byte[] key) {
        return "--new-keyfile-size=" + key.length;
    }

    private ProcessRunner.Outcome start(List<String> args, byte[] stdin) throws LuksException {
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
            return runner.run(pb, stdin, timeout);
        } catch (ProcessRunner.TimedOut e) {
            throw new LuksException(
                    e.getMessage() + " and was stopped; trying a keyslot with a slow key derivation (argon2id) can take"
                            + " seconds each: name the key's slot (key-slot=), or allow more time (deadline=)",
                    e);
        } catch (IOException e) {
            throw new LuksException(
                    "cannot run " + executable + ": " + e.getMessage() + " (install cryptsetup, or set its path)", e);
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
