package dev.snpkm.server.metrics;

import dev.snpkm.server.store.Durability;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The store's write path on /metrics: {@code kmip.store.commits} (transactions that waited to be durable) and
 * {@code kmip.store.syncs} (forced writes that made them so). Under concurrent writes syncs grow slower than commits:
 * that gap is group commit at work.
 */
public final class StoreMetrics {
    public static final String COMMITS = "kmip.store.commits";
    public static final String SYNCS = "kmip.store.syncs";

    private StoreMetrics() {
    }

    public static void bind(MeterRegistry registry, Durability durability) {
        FunctionCounter.builder(COMMITS, durability, Durability::commits)
                .description("store transactions committed and made durable").register(registry);
        FunctionCounter.builder(SYNCS, durability, Durability::syncs)
                .description("forced writes (fsync) of the store file; one covers every commit waiting for it")
                .register(registry);
    }
}
