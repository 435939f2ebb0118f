package dev.snpkm.server.revocation;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;

/**
 * At most one log line per interval for a refusal a client can repeat at will: a revoked client retrying in a loop
 * must not flood the log. The refusals are counted ({@code kmip_revoked_client_requests_total}) and audited
 * aggregated ({@code RefusalAudit}) regardless; the lines left out are counted and the next line says how many.
 * Thread-safe.
 */
final class RefusalLogThrottle {
    /** One line per ten seconds: an operator tailing the log still sees an ongoing refusal at once. */
    static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(10);

    /** What {@link #admit()} returns when this refusal is left out of the log. */
    static final long LEAVE_OUT = -1;

    private final Clock clock;
    private final Duration interval;
    private @Nullable Instant lastLine;
    private long leftOut;

    RefusalLogThrottle(Clock clock, Duration interval) {
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("the log interval must be positive, got " + interval);
        }
        this.clock = clock;
        this.interval = interval;
    }

    /**
     * Called once per refusal.
     *
     * @return {@link #LEAVE_OUT}, or, when this refusal is to be logged, how many were left out since the last line
     */
    synchronized long admit() {
        Instant now = clock.instant();
        if (lastLine != null && now.isBefore(lastLine.plus(interval))) {
            leftOut++;
            return LEAVE_OUT;
        }
        lastLine = now;
        long before = leftOut;
        leftOut = 0;
        return before;
    }
}
