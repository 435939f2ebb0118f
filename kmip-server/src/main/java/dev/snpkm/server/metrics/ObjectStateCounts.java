package dev.snpkm.server.metrics;

import dev.snpkm.kmip.enums.State;
import dev.snpkm.server.store.Database;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Managed objects by KMIP State for the {@code kmip_objects} gauges. One GROUP BY per {@link #maxAge}: a scrape reads
 * the gauge once per state, and the store must not pay six scans per scrape.
 */
public final class ObjectStateCounts implements Supplier<Map<State, Long>> {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectStateCounts.class);

    private final Database db;
    private final Clock clock;
    private final Duration maxAge;
    private Map<State, Long> cached = Map.of();
    private long cachedAtMillis = Long.MIN_VALUE;

    public ObjectStateCounts(Database db, Clock clock, Duration maxAge) {
        this.db = db;
        this.clock = clock;
        this.maxAge = maxAge;
    }

    @Override
    public synchronized Map<State, Long> get() {
        long now = clock.millis();
        if (cachedAtMillis != Long.MIN_VALUE && now - cachedAtMillis < maxAge.toMillis()) {
            return cached;
        }
        Map<State, Long> counts = new EnumMap<>(State.class);
        try (Connection c = db.dataSource().getConnection();
                Statement s = c.createStatement();
                ResultSet rs = s.executeQuery("SELECT state, COUNT(*) FROM managed_object GROUP BY state")) {
            while (rs.next()) {
                long n = rs.getLong(2);
                State.fromValue(rs.getInt(1)).ifPresent(st -> counts.put(st, n));
            }
            cached = Map.copyOf(counts);
            cachedAtMillis = now;
        } catch (Exception e) {
            // A scrape must not fail because the store is busy or closing; the previous counts are the best answer.
            LOG.debug("event=object_count_failed error=\"{}\"", e.getMessage());
        }
        return cached;
    }
}
