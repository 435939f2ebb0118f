package dev.snpkm.unlock.luks;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * {@link ProcessRunner} over {@link ProcessBuilder}: stdin through a pipe in one write, output drained on a helper
 * thread. The JDK's pipe stream keeps a copy of a write shorter than its 8 KiB buffer in that buffer; {@link
 * Cryptsetup} therefore hands keys over padded to 8 KiB, which bypasses it. A Linux pipe holds 64 KiB (root is exempt
 * from pipe-user-pages-soft), so the write does not wait for the program to read.
 */
public final class SystemProcessRunner implements ProcessRunner {
    private static final int MAX_OUTPUT = 64 * 1024;

    private final Consumer<Process> started;

    public SystemProcessRunner() {
        this(p -> {});
    }

    /** @param started sees each process once it runs (tests look at what its stdin stream kept) */
    SystemProcessRunner(Consumer<Process> started) {
        this.started = started;
    }

    @Override
    public Outcome run(ProcessBuilder builder, byte[] stdin, Duration timeout) throws IOException {
        builder.redirectErrorStream(true);
        Process p = builder.start();
        started.accept(p);
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        Thread drain = new Thread(() -> drain(p.getInputStream(), output), "process-output");
        drain.setDaemon(true);
        drain.start();
        try (OutputStream in = p.getOutputStream()) {
            in.write(stdin, 0, stdin.length);
        } catch (IOException e) {
            // The program exited without reading all input (e.g. a usage error); its exit status says why.
        }
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new TimedOut(builder.command().get(0) + " did not finish within " + timeout.toMillis() + " ms");
            }
            drain.join(1_000);
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new IOException(
                    "interrupted while waiting for " + builder.command().get(0), e);
        }
        synchronized (output) {
            return new Outcome(
                    p.exitValue(), output.toString(StandardCharsets.UTF_8).trim());
        }
    }

    private static void drain(InputStream in, ByteArrayOutputStream sink) {
        byte[] buf = new byte[4096];
        try (in) {
            for (int n; (n = in.read(buf)) >= 0; ) {
                synchronized (sink) {
                    if (sink.size() < MAX_OUTPUT) {
                        sink.write(buf, 0, Math.min(n, MAX_OUTPUT - sink.size()));
                    }
                }
            }
        } catch (IOException ignored) {
            // the process went away; what was read is kept
        }
    }
}
