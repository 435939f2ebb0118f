package dev.snpkm.server.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Objects;

/**
 * The attested-release meters (docs/ARCHITECTURE.md "The attested release"): {@code kmip.key.releases} (Prometheus:
 * {@code kmip_key_releases_total{policy,result,reason}}) and {@code kmip.attestation.verification} (a timer of
 * report verification, tagged accepted/refused).
 *
 * <p>Label cardinality is bounded by the callers' contract: {@code policy} is a configured policy name or
 * {@link #UNKNOWN_POLICY}, {@code result} one of {@link Result}, {@code reason} an enum constant name (a verifier
 * FailureCode or a gate reason), never free text.
 */
public final class ReleaseMetrics {
    public static final String RELEASES = "kmip.key.releases";
    public static final String VERIFICATION = "kmip.attestation.verification";
    /** The label for a policy name the registry does not have (object attributes must not mint labels). */
    public static final String UNKNOWN_POLICY = "unknown";

    /** What the gate answered. */
    public enum Result {
        RELEASED("released"),
        CHALLENGED("challenged"),
        DENIED("denied");

        private final String label;

        Result(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }

    private final MeterRegistry registry;
    private final Timer accepted;
    private final Timer refused;

    public ReleaseMetrics(MeterRegistry registry) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.accepted = verificationTimer("accepted");
        this.refused = verificationTimer("refused");
    }

    private Timer verificationTimer(String outcome) {
        return Timer.builder(VERIFICATION)
                .description("SEV-SNP report verification (chain, signature, policy)")
                .tag("outcome", outcome)
                .register(registry);
    }

    public void decision(String policy, Result result, String reason) {
        counter(policy, result, reason).increment();
    }

    /** Exports a decision series at 0 before the first such decision (a fresh dashboard shows 0, not "No data"). */
    public void declare(String policy, Result result, String reason) {
        counter(policy, result, reason);
    }

    private Counter counter(String policy, Result result, String reason) {
        return Counter.builder(RELEASES)
                .description("Attestation-gated key release decisions")
                .tag("policy", policy)
                .tag("result", result.label())
                .tag("reason", reason)
                .register(registry);
    }

    public void verification(boolean wasAccepted, Duration took) {
        (wasAccepted ? accepted : refused).record(took);
    }
}
