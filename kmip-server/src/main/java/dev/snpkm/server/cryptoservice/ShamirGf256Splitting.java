package dev.snpkm.server.cryptoservice;

import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Optional;

/**
 * Polynomial Sharing GF(2^8): Shamir's threshold scheme (A. Shamir, "How to Share a Secret", CACM 22(11), 1979)
 * applied byte by byte in {@link Gf256}. For each byte s of the secret, a polynomial of degree threshold - 1 with
 * constant term s and random other coefficients is drawn; the part with Key Part Identifier x holds its value at x
 * (x = 1..255: the field has 255 non-zero points). Any threshold parts give the polynomial's value at 0 back by
 * Lagrange interpolation; fewer say nothing about s.
 */
final class ShamirGf256Splitting implements KeySplitting {
    static final int MAX_PARTS = 255;

    @Override
    public Optional<String> shapeProblem(int parts, int threshold) {
        if (threshold < 2 || parts < threshold || parts > MAX_PARTS) {
            return Optional.of("Polynomial Sharing GF(2^8) needs 2 <= Split Key Threshold <= Split Key Parts <= "
                    + MAX_PARTS + ", not " + threshold + " of " + parts);
        }
        return Optional.empty();
    }

    @Override
    public byte[][] split(byte[] secret, int parts, int threshold, SecureRandom random) {
        int degree = threshold - 1;
        byte[] coefficients = new byte[degree * secret.length];
        byte[][] out = new byte[parts][secret.length];
        try {
            random.nextBytes(coefficients);
            for (int p = 0; p < parts; p++) {
                int x = p + 1;
                for (int b = 0; b < secret.length; b++) {
                    // Horner: ((a_d·x + a_(d-1))·x + ... + a_1)·x + s
                    int acc = 0;
                    for (int c = degree - 1; c >= 0; c--) {
                        acc = Gf256.mul(acc ^ (coefficients[c * secret.length + b] & 0xFF), x);
                    }
                    out[p][b] = (byte) (acc ^ (secret[b] & 0xFF));
                }
            }
            return out;
        } finally {
            Arrays.fill(coefficients, (byte) 0);
        }
    }

    @Override
    public byte[] join(int[] identifiers, byte[][] parts) {
        int length = parts[0].length;
        byte[] secret = new byte[length];
        for (int i = 0; i < identifiers.length; i++) {
            int weight = lagrangeAtZero(identifiers, i);
            byte[] part = parts[i];
            for (int b = 0; b < length; b++) {
                secret[b] ^= (byte) Gf256.mul(weight, part[b] & 0xFF);
            }
        }
        return secret;
    }

    /** l_i(0) = Π_{j≠i} x_j / (x_j - x_i); subtraction is XOR. Computed from the public identifiers only. */
    private static int lagrangeAtZero(int[] xs, int i) {
        int weight = 1;
        for (int j = 0; j < xs.length; j++) {
            if (j != i) {
                weight = Gf256.mul(weight, Gf256.mul(xs[j], Gf256.inverse(xs[j] ^ xs[i])));
            }
        }
        return weight;
    }
}
