package dev.snpkm.server.operations;

import dev.snpkm.server.access.AccessPolicy;
import dev.snpkm.server.audit.Accountability;
import dev.snpkm.server.release.KeyReleaseGate;
import dev.snpkm.server.store.ObjectStore;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * What handlers share across requests: the store, the attestation gate, the access policy, time and randomness, the
 * Lease Time the server grants (KMIP 1.4 §3.15, 2.1 §4.28: the longest lease it serves; Obtain Lease), and where
 * actions and refusals are audited.
 */
public record ServerServices(
        ObjectStore store,
        KeyReleaseGate gate,
        AccessPolicy access,
        Clock clock,
        SecureRandom random,
        Duration leaseTime,
        Accountability accountability) {
    /** The Lease Time when none is configured: one hour, what the OASIS reference server reports (TL-M-3). */
    public static final Duration DEFAULT_LEASE_TIME = Duration.ofHours(1);

    public ServerServices {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(gate, "gate");
        Objects.requireNonNull(access, "access");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(random, "random");
        Objects.requireNonNull(accountability, "accountability");
        if (leaseTime.isNegative() || leaseTime.isZero() || leaseTime.toNanosPart() != 0) {
            throw new IllegalArgumentException("the lease time must be a positive whole number of seconds");
        }
    }

    /** Without an audit of actions and refusals (tests, tools; release decisions are audited by the gate). */
    public ServerServices(
            ObjectStore store,
            KeyReleaseGate gate,
            AccessPolicy access,
            Clock clock,
            SecureRandom random,
            Duration leaseTime) {
        this(store, gate, access, clock, random, leaseTime, Accountability.none());
    }

    /** With the {@link #DEFAULT_LEASE_TIME}. */
    public ServerServices(
            ObjectStore store, KeyReleaseGate gate, AccessPolicy access, Clock clock, SecureRandom random) {
        this(store, gate, access, clock, random, DEFAULT_LEASE_TIME);
    }

    public ServerServices withLeaseTime(Duration lease) {
        return new ServerServices(store, gate, access, clock, random, lease, accountability);
    }

    public ServerServices withAccountability(Accountability a) {
        return new ServerServices(store, gate, access, clock, random, leaseTime, a);
    }
}
