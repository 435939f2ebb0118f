package dev.snpkm.server.audit;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audits refusals without letting a flood write a record per request: the first refusal of a kind for an actor in an
 * interval is recorded at once, with its detail; the ones that follow in that interval are counted and recorded as
 * one summary ({@code outcome=refused-repeatedly}, {@code detail="N more ..."}) when the interval is over (at the
 * actor's next refusal, at {@link #flushExpired}, or at {@link #flushAll}). Memory is bounded: past
 * {@link #MAX_TRACKED} actor/kind pairs the rest share one pair. Thread-safe.
 */
public final class RefusalAudit {
    private static final Logger LOG = LoggerFactory.getLogger(RefusalAudit.class);
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
    static final int MAX_TRACKED = 10_000;
    private static final String OVERFLOW_ACTOR = "(more actors than tracked)";

    private final AuditLog log;
    private final Clock clock;
    private final Duration interval;
    private final int maxTracked;
    private final Map<Key, Window> windows = new LinkedHashMap<>();

    private record Key(String actor, String kind) {}

    private static final class Window {
        final Instant start;
        long suppressed;

        @Nullable
        String lastObject;

        Window(Instant start) {
            this.start = start;
        }
    }

    public RefusalAudit(AuditLog log, Clock clock, Duration interval) {
        this(log, clock, interval, MAX_TRACKED);
    }

    RefusalAudit(AuditLog log, Clock clock, Duration interval, int maxTracked) {
        this.log = log;
        this.clock = clock;
        this.interval = interval;
        this.maxTracked = maxTracked;
    }

    /**
     * Records (or counts) one refusal. A store failure is logged, not thrown: the refusal stands either way.
     *
     * @param kind a bounded code, e.g. {@code access-denied}, {@code deny-list}, {@code crl}
     */
    public void refused(String actor, String kind, @Nullable String objectUid, String detail) {
        List<AuditEvent> out = new ArrayList<>(2);
        Instant now = clock.instant();
        synchronized (this) {
            Key key = new Key(actor, kind);
            if (!windows.containsKey(key) && windows.size() >= maxTracked) {
                key = new Key(OVERFLOW_ACTOR, kind);
            }
            Window w = windows.get(key);
            if (w != null && now.isBefore(w.start.plus(interval))) {
                w.suppressed++;
                w.lastObject = objectUid;
                return;
            }
            if (w != null && w.suppressed > 0) {
                out.add(summary(key, w));
            }
            windows.put(key, new Window(now));
            out.add(new AuditEvent(key.actor(), kind, objectUid, "refused", detail));
        }
        append(out);
    }

    /** Records the summaries of the intervals that are over and forgets them. */
    public void flushExpired() {
        flush(false);
    }

    /** Records every pending summary (at shutdown). */
    public void flushAll() {
        flush(true);
    }

    private void flush(boolean all) {
        List<AuditEvent> out = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (this) {
            var it = windows.entrySet().iterator();
            while (it.hasNext()) {
                var e = it.next();
                if (all || !now.isBefore(e.getValue().start.plus(interval))) {
                    if (e.getValue().suppressed > 0) {
                        out.add(summary(e.getKey(), e.getValue()));
                    }
                    it.remove();
                }
            }
        }
        append(out);
    }

    private AuditEvent summary(Key key, Window w) {
        return new AuditEvent(
                key.actor(),
                key.kind(),
                w.lastObject,
                "refused-repeatedly",
                w.suppressed
                        + " more refusals of this kind for this actor in the " + interval.toSeconds() + " s from "
                        + w.start
                        + " (not recorded one by one)");
    }

    private void append(List<AuditEvent> events) {
        if (events.isEmpty()) {
            return;
        }
        try {
            log.appendAll(events);
        } catch (RuntimeException e) {
            LOG.error("event=refusal_audit_failed records={} error=\"{}\"", events.size(), e.toString());
        }
    }
}
