package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.snpkm.kmip.testing.OasisTestCases;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Feeds mutated real messages to the decoder: only TtlvException may escape, every decode ends, and no length field
 * can make it allocate what the message does not contain. The seed is printed on failure; rerun with
 * {@code -Dfuzz.seed=<seed>} to reproduce.
 */
class TtlvDecoderFuzzTest {
    private static final int MUTATIONS = 100_000;
    private static List<byte[]> corpus;

    private final TtlvDecoder decoder = new TtlvDecoder();

    @BeforeAll
    static void encodeTheOasisMessages() {
        corpus = OasisTestCases.allMessages().stream().map(TtlvEncoder::encode).toList();
        assertThat(corpus).hasSizeGreaterThan(1000);
    }

    @Test
    void mutatedMessagesOnlyEverFailWithTtlvException() {
        long seed = Long.getLong("fuzz.seed", System.nanoTime());
        Random random = new Random(seed);
        int[] outcomes = new int[2]; // [decoded, refused]
        assertTimeoutPreemptively(
                Duration.ofSeconds(120),
                () -> {
                    for (int i = 0; i < MUTATIONS; i++) {
                        byte[] input = mutate(random);
                        try {
                            decoder.decode(input);
                            outcomes[0]++;
                        } catch (TtlvException expected) {
                            outcomes[1]++;
                        } catch (Throwable t) {
                            throw new AssertionError(
                                    "fuzz.seed=" + seed + " mutation " + i + ": decoder threw "
                                            + t.getClass().getName() + " for a " + input.length + "-byte input",
                                    t);
                        }
                    }
                },
                () -> "fuzz.seed=" + seed + ": decoding did not finish in time");
        assertThat(outcomes[0] + outcomes[1]).as("fuzz.seed=%d", seed).isEqualTo(MUTATIONS);
        assertThat(outcomes[1])
                .as("most mutations must be refused (fuzz.seed=%d)", seed)
                .isGreaterThan(MUTATIONS / 2);
    }

    private static byte[] mutate(Random r) {
        byte[] m = corpus.get(r.nextInt(corpus.size())).clone();
        switch (r.nextInt(7)) {
            case 0: { // flip 1-4 random bits
                for (int k = 1 + r.nextInt(4); k > 0; k--) {
                    int bit = r.nextInt(m.length * 8);
                    m[bit / 8] ^= (byte) (1 << (bit % 8));
                }
                return m;
            }
            case 1: { // insert 1-16 random bytes
                int at = r.nextInt(m.length + 1);
                byte[] extra = new byte[1 + r.nextInt(16)];
                r.nextBytes(extra);
                byte[] out = new byte[m.length + extra.length];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(extra, 0, out, at, extra.length);
                System.arraycopy(m, at, out, at + extra.length, m.length - at);
                return out;
            }
            case 2: { // delete 1-16 bytes
                int at = r.nextInt(m.length);
                int n = Math.min(1 + r.nextInt(16), m.length - at);
                byte[] out = new byte[m.length - n];
                System.arraycopy(m, 0, out, 0, at);
                System.arraycopy(m, at + n, out, at, m.length - at - n);
                return out;
            }
            case 3: { // corrupt a length field: items start on 8-byte boundaries, Length is bytes 4..7
                int item = r.nextInt(m.length / 8) * 8;
                int value = switch (r.nextInt(4)) {
                    case 0 -> 0xFFFF_FFFF;
                    case 1 -> 0x8000_0000;
                    case 2 -> r.nextInt(64);
                    default -> r.nextInt();
                };
                m[item + 4] = (byte) (value >>> 24);
                m[item + 5] = (byte) (value >>> 16);
                m[item + 6] = (byte) (value >>> 8);
                m[item + 7] = (byte) value;
                return m;
            }
            case 4: // truncate
                return Arrays.copyOf(m, r.nextInt(m.length));
            case 5: { // splice the head of one message onto the tail of another
                byte[] other = corpus.get(r.nextInt(corpus.size()));
                int head = r.nextInt(m.length + 1);
                int tail = r.nextInt(other.length + 1);
                byte[] out = Arrays.copyOf(m, head + other.length - tail);
                System.arraycopy(other, tail, out, head, other.length - tail);
                return out;
            }
            default: { // change an item's type code
                int item = r.nextInt(m.length / 8) * 8;
                m[item + 3] = (byte) r.nextInt(16);
                return m;
            }
        }
    }

    @Test
    void sixteenBytesClaimingATwoGibibyteByteStringFailFast() {
        byte[] claim = {0x42, 0x00, 0x43, 0x08, (byte) 0x80, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8};
        assertTimeoutPreemptively(
                Duration.ofMillis(500),
                () -> assertThatThrownBy(() -> decoder.decode(claim))
                        .isInstanceOf(TtlvException.class)
                        .hasMessageContaining("overruns"));
    }

    @Test
    void nestedStructuresClaimingHugeLengthsFailWithoutAllocation() {
        // Structure (4 GiB - 8) > Structure (2 GiB) > nothing: every claim exceeds what is present.
        byte[] claim = {
            0x42,
            0x00,
            0x78,
            0x01,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xFF,
            (byte) 0xF8,
            0x42,
            0x00,
            0x77,
            0x01,
            (byte) 0x80,
            0,
            0,
            0
        };
        long before = usedHeap();
        for (int i = 0; i < 10_000; i++) {
            assertThatThrownBy(() -> decoder.decode(claim)).isInstanceOf(TtlvException.class);
        }
        assertThat(usedHeap() - before).as("heap growth").isLessThan(256L * 1024 * 1024);
    }

    private static long usedHeap() {
        Runtime rt = Runtime.getRuntime();
        return rt.totalMemory() - rt.freeMemory();
    }
}
