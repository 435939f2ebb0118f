package dev.snpkm.server.operations;

import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.store.ObjectStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Objects;

/** What handlers share across requests: the store, the attestation gate, the access policy, time and randomness. */
public record ServerServices(ObjectStore store, KeyReleaseGate gate, AccessPolicy access, Clock clock,
        SecureRandom random) {
    public ServerServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
    }
}
