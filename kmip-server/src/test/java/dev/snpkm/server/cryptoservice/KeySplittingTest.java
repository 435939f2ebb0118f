package dev.snpkm.server.cryptoservice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.bouncycastle.crypto.threshold.ShamirSecretSplitter;
import org.bouncycastle.crypto.threshold.ShamirSplitSecret;
import org.bouncycastle.crypto.threshold.ShamirSplitSecretShare;

/**
 * Split Key Methods XOR and Polynomial Sharing GF(2^8) (Shamir): split then join gives the key back for random keys,
 * thresholds and subsets of parts; fewer parts than the threshold do not; and our GF(2^8) parts are read by Bouncy
 * Castle's independent Shamir implementation (its AES field, x^8 + x^4 + x^3 + x + 1) to the same key.
 */
class KeySplittingTest {
    private static final SecureRandom RANDOM = new SecureRandom();
    private static final KeySplitting SHAMIR = KeySplittings.of(EnumCode.of(SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8));
    private static final KeySplitting XOR = KeySplittings.of(EnumCode.of(SplitKeyMethod.XOR));

    @Property(tries = 300)
    void shamirJoinsAnySubsetOfAtLeastThresholdParts(
            @ForAll @Size(min = 1, max = 64) byte[] key,
            @ForAll @IntRange(min = 2, max = 12) int threshold,
            @ForAll @IntRange(min = 0, max = 8) int extraParts,
            @ForAll @IntRange(min = 0, max = 12) int extraJoined,
            @ForAll long shuffleSeed) {
        int parts = threshold + extraParts;
        byte[][] split = SHAMIR.split(key, parts, threshold, RANDOM);
        List<Integer> chosen = subset(parts, Math.min(parts, threshold + extraJoined), shuffleSeed);

        assertThat(join(SHAMIR, split, chosen)).isEqualTo(key);
    }

    @Property(tries = 300)
    void shamirWithOnePartTooFewIsNotTheKey(
            @ForAll @Size(min = 16, max = 64) byte[] key,
            @ForAll @IntRange(min = 2, max = 12) int threshold,
            @ForAll @IntRange(min = 0, max = 8) int extraParts,
            @ForAll long shuffleSeed) {
        byte[][] split = SHAMIR.split(key, threshold + extraParts, threshold, RANDOM);
        List<Integer> chosen = subset(threshold + extraParts, threshold - 1, shuffleSeed);

        // threshold - 1 points leave the constant term free: a 16+ byte match would be a 2^-128 accident
        assertThat(join(SHAMIR, split, chosen)).isNotEqualTo(key);
    }

    @Property(tries = 200)
    void xorJoinsAllPartsAndNotOneFewer(
            @ForAll @Size(min = 16, max = 64) byte[] key, @ForAll @IntRange(min = 2, max = 16) int parts) {
        byte[][] split = XOR.split(key, parts, parts, RANDOM);
        List<Integer> all = subset(parts, parts, 1);

        assertThat(join(XOR, split, all)).isEqualTo(key);
        assertThat(join(XOR, split, all.subList(1, parts))).isNotEqualTo(key);
    }

    @Property(tries = 100)
    void bouncyCastleShamirReadsOurParts(
            @ForAll @Size(min = 1, max = 48) byte[] key,
            @ForAll @IntRange(min = 2, max = 8) int threshold,
            @ForAll @IntRange(min = 0, max = 5) int extraParts,
            @ForAll long shuffleSeed)
            throws Exception {
        int parts = threshold + extraParts;
        byte[][] split = SHAMIR.split(key, parts, threshold, RANDOM);
        List<Integer> chosen = subset(parts, threshold, shuffleSeed);
        ShamirSplitSecretShare[] shares = chosen.stream()
                .map(i -> new ShamirSplitSecretShare(split[i - 1], i))
                .toArray(ShamirSplitSecretShare[]::new);

        byte[] bc = new ShamirSplitSecret(ShamirSecretSplitter.Algorithm.AES, ShamirSecretSplitter.Mode.Table, shares)
                .getSecret();

        assertThat(bc).isEqualTo(key);
    }

    @Example
    void gf256MultipliesAsFips197AndEveryNonZeroElementHasAnInverse() {
        // FIPS 197 §4.2: {57} • {83} = {c1}; §4.2.1: {57} • {13} = {fe}
        assertThat(Gf256.mul(0x57, 0x83)).isEqualTo(0xC1);
        assertThat(Gf256.mul(0x57, 0x13)).isEqualTo(0xFE);
        for (int a = 1; a < 256; a++) {
            assertThat(Gf256.mul(a, Gf256.inverse(a))).as("a = %d", a).isEqualTo(1);
        }
    }

    @Example
    void shapesOutsideTheMethodAreRefusedAndOtherMethodsAreNotSupported() {
        assertThat(XOR.shapeProblem(3, 2)).isPresent();
        assertThat(XOR.shapeProblem(3, 3)).isEmpty();
        assertThat(SHAMIR.shapeProblem(3, 1)).isPresent();
        assertThat(SHAMIR.shapeProblem(2, 3)).isPresent();
        assertThat(SHAMIR.shapeProblem(256, 2)).isPresent();
        assertThat(SHAMIR.shapeProblem(255, 255)).isEmpty();
        for (SplitKeyMethod m :
                List.of(SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_16, SplitKeyMethod.POLYNOMIAL_SHARING_PRIME_FIELD)) {
            assertThatThrownBy(() -> KeySplittings.of(EnumCode.of(m)))
                    .isInstanceOfSatisfying(
                            KmipOperationException.class,
                            e -> assertThat(e.reason()).isEqualTo(ResultReason.FEATURE_NOT_SUPPORTED));
        }
    }

    /** {@code count} distinct Key Part Identifiers out of 1..parts, in a seeded random order. */
    private static List<Integer> subset(int parts, int count, long seed) {
        List<Integer> ids = new ArrayList<>();
        for (int i = 1; i <= parts; i++) {
            ids.add(i);
        }
        Collections.shuffle(ids, new Random(seed));
        return new ArrayList<>(ids.subList(0, count));
    }

    private static byte[] join(KeySplitting method, byte[][] split, List<Integer> ids) {
        if (ids.isEmpty()) {
            return new byte[split[0].length];
        }
        byte[][] chosen = ids.stream()
                .map(i -> Arrays.copyOf(split[i - 1], split[i - 1].length))
                .toArray(byte[][]::new);
        return method.join(ids.stream().mapToInt(Integer::intValue).toArray(), chosen);
    }
}
