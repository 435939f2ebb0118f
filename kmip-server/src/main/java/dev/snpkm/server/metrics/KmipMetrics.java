package dev.snpkm.server.metrics;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Server-wide meters for the engine and the appliance's /metrics endpoint:
 * <ul>
 * <li>{@code kmip.requests{operation,result}} counter and {@code kmip.request.duration{operation}} timer, one sample
 * per batch item;</li>
 * <li>{@code kmip.connections} gauge of open TLS connections;</li>
 * <li>{@code kmip.objects{state}} gauge per KMIP State, read from a supplier (e.g. a COUNT … GROUP BY state).</li>
 * </ul>
 * Tags come from KMIP enumerations only, so the number of series is bounded (operations × result statuses).
 */
public final class KmipMetrics {
    public static final String REQUESTS = "kmip.requests";
    public static final String REQUEST_DURATION = "kmip.request.duration";
    public static final String CONNECTIONS = "kmip.connections";
    public static final String OBJECTS = "kmip.objects";

    private final MeterRegistry registry;
    private final AtomicInteger connections = new AtomicInteger();
    /**
     * The request meters, registered on first use and then kept: a registry lookup builds, sorts and hashes a meter
     * id on every call (6 % of the server's CPU samples under Get load). Bounded by the enumerations.
     */
    private final Map<Operation, OperationMeters> byOperation = new ConcurrentHashMap<>();

    private volatile @Nullable OperationMeters unknownOperation;

    /**
     * @param objectsByState counts of managed objects by state; called on every scrape, once per state, so it should
     *     be cheap or cached by the caller
     */
    public KmipMetrics(MeterRegistry registry, Supplier<Map<State, Long>> objectsByState) {
        this(registry, objectsByState, null);
    }

    /**
     * For a transport that counts its own open connections (it then needs no {@link #connectionOpened} calls).
     *
     * @param openConnections read on every scrape; null means "counted through connectionOpened/Closed"
     */
    public KmipMetrics(
            MeterRegistry registry, Supplier<Map<State, Long>> objectsByState, @Nullable IntSupplier openConnections) {
        this.registry = Objects.requireNonNull(registry, "registry");
        Objects.requireNonNull(objectsByState, "objectsByState");
        IntSupplier open = openConnections != null ? openConnections : connections::get;
        // Strong references: Micrometer holds gauge state weakly, and a lambda nobody else keeps would be collected
        // (the gauge then reads NaN).
        Gauge.builder(CONNECTIONS, open, IntSupplier::getAsInt)
                .description("Open KMIP connections")
                .strongReference(true)
                .register(registry);
        for (State s : State.values()) {
            Gauge.builder(OBJECTS, objectsByState, sup -> sup.get().getOrDefault(s, 0L))
                    .description("Managed objects by state")
                    .tag("state", label(s.name()))
                    .strongReference(true)
                    .register(registry);
        }
    }

    /** One batch item answered. An operation code this model does not know is counted as "unknown". */
    public void request(@Nullable Operation operation, ResultStatus result, Duration took) {
        OperationMeters meters = operation == null ? unknownOperation() : meters(operation);
        meters.requests(result).increment();
        meters.duration.record(took);
    }

    private OperationMeters meters(Operation operation) {
        OperationMeters m = byOperation.get(operation);
        return m != null ? m : byOperation.computeIfAbsent(operation, o -> new OperationMeters(label(o.name())));
    }

    /** Registered only once such a request came, as before: a fresh server exports no "unknown" series. */
    private OperationMeters unknownOperation() {
        OperationMeters m = unknownOperation;
        if (m == null) {
            m = new OperationMeters("unknown"); // a racing second one finds the same meters in the registry
            unknownOperation = m;
        }
        return m;
    }

    /** One operation's timer and its counters by result status. */
    private final class OperationMeters {
        private final String operation;
        private final Timer duration;
        private final Map<ResultStatus, Counter> byResult = new ConcurrentHashMap<>();

        OperationMeters(String operation) {
            this.operation = operation;
            this.duration = timer(operation);
        }

        Counter requests(ResultStatus result) {
            Counter c = byResult.get(result);
            return c != null ? c : byResult.computeIfAbsent(result, r -> KmipMetrics.this.requests(operation, r));
        }
    }

    /**
     * Exports the request series of these operations at 0 (success and operation_failed) before any request, so a
     * dashboard on a fresh server shows 0 rather than "No data".
     */
    public void declare(Iterable<Operation> operations) {
        for (Operation o : operations) {
            requests(label(o.name()), ResultStatus.SUCCESS);
            requests(label(o.name()), ResultStatus.OPERATION_FAILED);
            timer(label(o.name()));
        }
    }

    private Counter requests(String op, ResultStatus result) {
        return Counter.builder(REQUESTS)
                .description("KMIP batch items by operation and result status")
                .tag("operation", op)
                .tag("result", label(result.name()))
                .register(registry);
    }

    private Timer timer(String op) {
        return Timer.builder(REQUEST_DURATION)
                .description("KMIP batch item latency")
                .tag("operation", op)
                .register(registry);
    }

    public void connectionOpened() {
        connections.incrementAndGet();
    }

    public void connectionClosed() {
        connections.decrementAndGet();
    }

    private static String label(String enumName) {
        return enumName.toLowerCase(Locale.ROOT);
    }
}
