package dev.snpkm.server.cryptoservice;

import java.security.SecureRandom;
import java.util.Optional;

/**
 * Split Key Method XOR (KMIP 1.4 §2.2.5): n parts, all needed (the threshold equals the number of parts); n - 1 parts
 * are random and the last is the secret XOR all of them, so the secret is the XOR of every part.
 */
final class XorSplitting implements KeySplitting {
    @Override
    public Optional<String> shapeProblem(int parts, int threshold) {
        if (parts < 2 || parts > ShamirGf256Splitting.MAX_PARTS || threshold != parts) {
            return Optional.of("XOR needs all parts: Split Key Threshold equal to Split Key Parts, 2 to "
                    + ShamirGf256Splitting.MAX_PARTS + ", not " + threshold + " of " + parts);
        }
        return Optional.empty();
    }

    @Override
    public byte[][] split(byte[] secret, int parts, int threshold, SecureRandom random) {
        byte[][] out = new byte[parts][];
        byte[] last = secret.clone();
        for (int p = 0; p < parts - 1; p++) {
            out[p] = new byte[secret.length];
            random.nextBytes(out[p]);
            xorInto(last, out[p]);
        }
        out[parts - 1] = last;
        return out;
    }

    @Override
    public byte[] join(int[] identifiers, byte[][] parts) {
        byte[] secret = new byte[parts[0].length];
        for (byte[] part : parts) {
            xorInto(secret, part);
        }
        return secret;
    }

    private static void xorInto(byte[] into, byte[] part) {
        for (int b = 0; b < into.length; b++) {
            into[b] ^= part[b];
        }
    }
}
