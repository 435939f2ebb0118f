package dev.snpkm.server.policy;

import dev.snpkm.server.trust.InputTrust;
import dev.snpkm.sev.policy.PolicyFormatException;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The named release policies the appliance enforces, loaded from one policy file at start and replaced as a whole on
 * {@link #reload()}. A file that fails to load never replaces a good set: the old policies stay in force and the
 * error is kept for {@link #status()} (deny by default is preserved; a typo cannot open or close every key at once).
 *
 * <p>Thread-safe: readers see either the old or the new set, never a mix.
 */
public final class ReleasePolicyRegistry {
    private static final Logger LOG = LoggerFactory.getLogger(ReleasePolicyRegistry.class);

    private final @Nullable Path file;
    private final InputTrust trust;
    private final Clock clock;
    // Written only in the synchronized reload(); volatile so readers see the old or the new set, never null.
    private volatile Map<String, NamedReleasePolicy> policies;
    private volatile Status status;

    /**
     * The outcome of the last load.
     *
     * @param loadedAt when the policies in force were loaded
     * @param policyCount how many are in force
     * @param lastError the last failed reload's message, empty if the last reload succeeded
     */
    public record Status(Instant loadedAt, int policyCount, Optional<String> lastError) {}

    /** The result of {@link #reload()}: whether the file replaced the policies, and why not. */
    public record ReloadResult(boolean applied, List<String> names, Optional<String> error) {}

    private ReleasePolicyRegistry(
            @Nullable Path file, InputTrust trust, Clock clock, Map<String, NamedReleasePolicy> initial) {
        this.file = file;
        this.trust = trust;
        this.clock = clock;
        this.policies = initial;
        this.status = new Status(clock.instant(), initial.size(), Optional.empty());
    }

    /** Loads the file; at start a bad file is fatal (the appliance must not run with no idea of its policies). */
    public static ReleasePolicyRegistry load(Path file, Clock clock) throws PolicyFormatException {
        return new ReleasePolicyRegistry(file, InputTrust.anyFile(), clock, ReleasePolicyFile.load(file));
    }

    /**
     * As {@link #load(Path, Clock)}, and every {@link #reload()} first asks {@code trust} whether the file may still be
     * believed (the host checked it at start; it may have been made writable by others since).
     */
    public static ReleasePolicyRegistry load(Path file, Clock clock, InputTrust trust) throws PolicyFormatException {
        return new ReleasePolicyRegistry(file, trust, clock, ReleasePolicyFile.load(file));
    }

    /** A fixed set (tests and embedded use); {@link #reload()} on it re-reads nothing and reports that. */
    public static ReleasePolicyRegistry of(Map<String, NamedReleasePolicy> policies, Clock clock) {
        return new ReleasePolicyRegistry(null, InputTrust.anyFile(), clock, Map.copyOf(policies));
    }

    public Optional<NamedReleasePolicy> find(String name) {
        return Optional.ofNullable(policies.get(name));
    }

    /** Admin API: the policies in force, by name (sorted). */
    public List<NamedReleasePolicy> list() {
        return policies.values().stream()
                .sorted(java.util.Comparator.comparing(NamedReleasePolicy::name))
                .toList();
    }

    public Status status() {
        return status;
    }

    /** Re-reads the file; on any error keeps the policies in force and reports why. */
    public synchronized ReloadResult reload() {
        if (file == null) {
            return new ReloadResult(false, names(policies), Optional.of("this registry has no policy file"));
        }
        try {
            trust.check(file);
            Map<String, NamedReleasePolicy> fresh = ReleasePolicyFile.load(file);
            policies = fresh;
            status = new Status(clock.instant(), fresh.size(), Optional.empty());
            LOG.info("event=release_policies_reloaded file={} names=\"{}\"", file, fresh.keySet());
            return new ReloadResult(true, names(fresh), Optional.empty());
        } catch (IOException e) {
            return refused("kept " + policies.size() + " policies in force; " + e.getMessage());
        } catch (PolicyFormatException | RuntimeException e) {
            return refused(
                    "kept " + policies.size() + " policies in force; " + file + " is invalid: " + e.getMessage());
        }
    }

    private ReloadResult refused(String why) {
        Status old = status;
        status = new Status(old.loadedAt(), old.policyCount(), Optional.of(why));
        LOG.error("event=release_policies_reload_failed error=\"{}\"", why);
        return new ReloadResult(false, names(policies), Optional.of(why));
    }

    /** Admin API ({@code kmipctl policy validate FILE}): checks a candidate file without loading it. */
    public static ReloadResult validate(Path candidate) {
        Objects.requireNonNull(candidate, "candidate");
        try {
            return new ReloadResult(true, names(ReleasePolicyFile.load(candidate)), Optional.empty());
        } catch (PolicyFormatException e) {
            return new ReloadResult(false, List.of(), Optional.of(e.getMessage()));
        }
    }

    /** The file this registry reloads from, if any. */
    public Optional<Path> file() {
        return Optional.ofNullable(file);
    }

    private static List<String> names(Map<String, NamedReleasePolicy> m) {
        return m.keySet().stream().sorted().toList();
    }
}
