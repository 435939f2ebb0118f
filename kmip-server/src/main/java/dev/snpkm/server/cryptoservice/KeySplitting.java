package dev.snpkm.server.cryptoservice;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * One Split Key Method (KMIP 1.4 §2.2.5 / 2.1 §2.7 Split Key; §9.1.3.2.x Split Key Method): how a secret becomes
 * parts and how enough parts become the secret again. Part i (1-based) is the part whose Key Part Identifier is i.
 * Every array handed out is the caller's to zero; every intermediate array is zeroed here.
 */
public interface KeySplitting {
    /** Why {@code parts} parts with threshold {@code threshold} cannot be made by this method, if they cannot. */
    Optional<String> shapeProblem(int parts, int threshold);

    /** The parts of {@code secret} (not modified): result[i] is the part with Key Part Identifier i + 1. */
    byte[][] split(byte[] secret, int parts, int threshold, SecureRandom random);

    /**
     * The secret from parts of one split: {@code identifiers[i]} is the Key Part Identifier of {@code parts[i]}; the
     * identifiers are distinct and at least the threshold many, the parts of equal length (checked by the caller).
     */
    byte[] join(int[] identifiers, byte[][] parts);
}
