package dev.snpkm.server.metrics;

import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.Durability;
import dev.snpkm.server.store.StoreSize;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's write path on /metrics: {@code kmip.store.commits} (transactions that waited to be durable) and
 * {@code kmip.store.syncs} (forced writes that made them so). Under concurrent writes syncs grow slower than commits:
 * that gap is group commit at work. {@code kmip.store.file.bytes} and {@code kmip.store.live.bytes}: the store file's
 * size and the part of it the current data needs (H2's count of live page bytes); the first should stay within a small
 * multiple of the second (compaction), and an alert on the file's growth catches a store that outgrows its disk.
 */
public final class StoreMetrics {
    public static final String COMMITS = "kmip.store.commits";
    public static final String SYNCS = "kmip.store.syncs";
    public static final String FILE_BYTES = "kmip.store.file.bytes";
    public static final String LIVE_BYTES = "kmip.store.live.bytes";

    private StoreMetrics() {}

    public static void bind(MeterRegistry registry, Database db) {
        Durability durability = db.durability();
        StoreSize size = db.size();
        FunctionCounter.builder(COMMITS, durability, Durability::commits)
                .description(
                        "waits for store commits to be durable (a commit nested in a batch that has written shares the batch's wait)")
                .register(registry);
        FunctionCounter.builder(SYNCS, durability, Durability::syncs)
                .description("forced writes (fsync) of the store file; one covers every commit waiting for it")
                .register(registry);
        Gauge.builder(FILE_BYTES, size, StoreSize::fileBytes)
                .description("size of the store file in bytes (-1: not a local file)")
                .register(registry);
        Gauge.builder(LIVE_BYTES, size, StoreSize::liveBytes)
                .description("bytes of the store file the current data needs (-1: unknown)")
                .register(registry);
    }
}
