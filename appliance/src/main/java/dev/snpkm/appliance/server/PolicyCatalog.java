package dev.snpkm.appliance.server;

import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.policy.ReleasePolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;

/**
 * The release policies the appliance serves, from one policy file or a directory of {@code *.yaml|*.yml|*.json}
 * (one policy each, sev-verifier format). {@link #reload} swaps the whole set atomically or not at all: a broken file
 * keeps the previous policies in force. This is the seam for the attestation gate's policy registry: the gate reads
 * {@link #byName()} on every decision.
 */
public final class PolicyCatalog {
    private final Path location;
    private volatile Map<String, ReleasePolicy> policies = Map.of();

    public PolicyCatalog(Path location) {
        this.location = location;
    }

    /** Loads the location; a missing location is an empty catalogue (no key can be attestation-bound yet). */
    public synchronized int reload() throws PolicyFormatException {
        Map<String, ReleasePolicy> loaded = new TreeMap<>();
        for (Path file : files(location)) {
            ReleasePolicy p;
            try {
                p = ReleasePolicyLoader.load(file);
            } catch (PolicyFormatException e) {
                throw new PolicyFormatException(file + ": " + e.getMessage());
            }
            if (loaded.put(p.name(), p) != null) {
                throw new PolicyFormatException(file + ": policy name '" + p.name() + "' is defined twice");
            }
        }
        policies = Map.copyOf(loaded);
        return loaded.size();
    }

    public Map<String, ReleasePolicy> byName() {
        return policies;
    }

    public List<String> names() {
        return policies.keySet().stream().sorted().toList();
    }

    public Path location() {
        return location;
    }

    /** Checks a file the way a reload would, without touching the served set (kmipctl policies validate). */
    public static ReleasePolicy validate(Path file) throws PolicyFormatException {
        return ReleasePolicyLoader.load(file);
    }

    private static List<Path> files(Path location) throws PolicyFormatException {
        if (!Files.exists(location)) {
            return List.of();
        }
        if (Files.isRegularFile(location)) {
            return List.of(location);
        }
        try (Stream<Path> s = Files.list(location)) {
            List<Path> out = new ArrayList<>(s.filter(Files::isRegularFile)
                    .filter(p -> p.getFileName().toString().matches(".*\\.(ya?ml|json)")).sorted().toList());
            return out;
        } catch (IOException e) {
            throw new PolicyFormatException("cannot list policy directory " + location + ": " + e.getMessage());
        }
    }
}
