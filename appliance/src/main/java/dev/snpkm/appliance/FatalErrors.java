package dev.snpkm.appliance;

import java.util.function.IntConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Ends the process when a thread dies of an {@link Error} (OutOfMemoryError, StackOverflowError, an assertion in a
 * library...). A key manager that lost a worker, or whose store H2 closed after running out of memory, must not limp
 * on refusing every release: it exits non-zero so systemd ({@code Restart=on-failure}) or Docker restarts it. The
 * launch command also passes {@code -XX:+ExitOnOutOfMemoryError}, which ends the JVM at the first OutOfMemoryError
 * wherever it is thrown, even where a library catches it; this handler covers the other Errors and a JVM started
 * without the flag.
 */
final class FatalErrors {
    /** The exit code, the same as the JVM's own for -XX:+ExitOnOutOfMemoryError. */
    static final int EXIT_FATAL = 3;

    private static final Logger LOG = LoggerFactory.getLogger(FatalErrors.class);

    private FatalErrors() {}

    /** Installs the handler for every thread without its own; {@code halt} ends the process (Runtime::halt). */
    static void install(IntConsumer halt) {
        Thread.setDefaultUncaughtExceptionHandler(handler(halt));
    }

    static Thread.UncaughtExceptionHandler handler(IntConsumer halt) {
        return (thread, e) -> {
            if (e instanceof Error) {
                try {
                    LOG.error(
                            "event=fatal_error thread={} error=\"{}\"; exiting so the supervisor restarts the "
                                    + "appliance",
                            thread.getName(),
                            e);
                } finally {
                    halt.accept(EXIT_FATAL); // halt, not exit: shutdown hooks may need the memory that ran out
                }
            } else {
                LOG.error("event=thread_died thread={} error=\"{}\"", thread.getName(), e.toString(), e);
            }
        };
    }
}
