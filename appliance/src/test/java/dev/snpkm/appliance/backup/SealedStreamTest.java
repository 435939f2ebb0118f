package dev.snpkm.appliance.backup;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The chunked AEAD of backup format 2: what it returns is what was sealed, whole, or it fails. */
class SealedStreamTest {
    private static final int CHUNK = SealedStream.CHUNK;
    private static final int RECORD = SealedStream.RECORD;
    private static final int HEADER = SealedStream.HEADER;
    private static final BackupCipher CIPHER = new BackupCipher(new byte[32]);

    @Test
    void everyLengthRoundTripsAndTheLastRecordIsAlwaysShort() throws Exception {
        for (int length : new int[] {0, 1, CHUNK - 1, CHUNK, CHUNK + 1, 3 * CHUNK, 3 * CHUNK + 17}) {
            byte[] plain = plaintext(length);
            byte[] file = seal(plain);
            int records = length / CHUNK + 1; // a whole number of chunks still ends with an empty final one
            assertThat(file).as("length %d", length).hasSize(HEADER + length + records * 16);
            assertThat((file.length - HEADER) % RECORD).as("final record").isBetween(16, RECORD - 1);
            assertThat(open(file)).as("length %d", length).isEqualTo(plain);
            ByteArrayOutputStream copy = new ByteArrayOutputStream();
            assertThat(SealedStream.copyComplete(new ByteArrayInputStream(file), copy))
                    .isEqualTo(file.length);
            assertThat(copy.toByteArray()).isEqualTo(file);
        }
    }

    @Test
    void aStreamClosedWithoutFinishHasNoFinalChunkAndIsRefusedByBothReaders() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        SealedStream.Writer w = CIPHER.sealing(out);
        w.write(plaintext(2 * CHUNK + 100));
        w.close(); // a backup that failed part-way: the 100 buffered bytes are dropped, not sealed as the end
        byte[] file = out.toByteArray();
        assertThat(file).hasSize(HEADER + 2 * RECORD);
        assertThatThrownBy(() -> open(file))
                .isInstanceOf(SealedStream.NotAuthentic.class)
                .hasMessageContaining("before its final chunk");
        assertThatThrownBy(() -> SealedStream.copyComplete(new ByteArrayInputStream(file), new ByteArrayOutputStream()))
                .hasMessageStartingWith("the backup stream ended without its final chunk");
        assertThatThrownBy(() -> w.write(1)).hasMessageContaining("closed");
    }

    @Test
    void kmipctlsCheckRefusesWhatIsNotABackupStream() {
        assertThatThrownBy(() -> SealedStream.copyComplete(
                        new ByteArrayInputStream("ok".getBytes(java.nio.charset.StandardCharsets.US_ASCII)),
                        new ByteArrayOutputStream()))
                .hasMessageContaining("did not send a backup stream");
        assertThatThrownBy(() -> SealedStream.copyComplete(
                        new ByteArrayInputStream(Arrays.copyOf(SealedStream.MAGIC, HEADER)),
                        new ByteArrayOutputStream()))
                .hasMessageContaining("without its final chunk");
    }

    /** Each change an attacker or a broken disk could make, on a stream of four full chunks and a short final one. */
    @Test
    void everyTamperingIsRefused() throws Exception {
        byte[] file = seal(plaintext(4 * CHUNK + 1000));
        byte[] other = seal(plaintext(4 * CHUNK + 1000)); // same plaintext, another backup (salt, key, prefix)
        for (Tampering t : Tampering.values()) {
            byte[] tampered = t.apply(file, other);
            assertThat(tampered).as(t.name()).isNotEqualTo(file);
            assertThatThrownBy(() -> open(tampered)).as(t.name()).isInstanceOf(SealedStream.NotAuthentic.class);
        }
    }

    /** The changes {@link #everyTamperingIsRefused} makes, also used on whole backups by ApplianceBackupTest. */
    enum Tampering {
        FLIPPED_BYTE_IN_A_MIDDLE_CHUNK {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                byte[] b = file.clone();
                b[HEADER + 2 * RECORD + 100] ^= 1;
                return b;
            }
        },
        FLIPPED_BYTE_IN_THE_HEADER {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                byte[] b = file.clone();
                b[20] ^= 1;
                return b;
            }
        },
        DROPPED_CHUNK {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return cat(head(file, HEADER + RECORD), Arrays.copyOfRange(file, HEADER + 2 * RECORD, file.length));
            }
        },
        TRUNCATED_AFTER_A_WHOLE_CHUNK {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return head(file, HEADER + 3 * RECORD);
            }
        },
        FINAL_CHUNK_DROPPED {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return head(file, HEADER + 4 * RECORD);
            }
        },
        TRUNCATED_INSIDE_THE_FINAL_CHUNK {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return head(file, file.length - 1);
            }
        },
        TWO_CHUNKS_SWAPPED {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return cat(
                        head(file, HEADER + RECORD),
                        Arrays.copyOfRange(file, HEADER + 2 * RECORD, HEADER + 3 * RECORD),
                        Arrays.copyOfRange(file, HEADER + RECORD, HEADER + 2 * RECORD),
                        Arrays.copyOfRange(file, HEADER + 3 * RECORD, file.length));
            }
        },
        CHUNK_SPLICED_FROM_ANOTHER_BACKUP {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                byte[] b = file.clone();
                System.arraycopy(other, HEADER + RECORD, b, HEADER + RECORD, RECORD);
                return b;
            }
        },
        DATA_APPENDED {
            @Override
            byte[] apply(byte[] file, byte[] other) {
                return cat(file, new byte[16]);
            }
        };

        abstract byte[] apply(byte[] file, byte[] other);
    }

    static byte[] seal(byte[] plain) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (SealedStream.Writer w = CIPHER.sealing(out)) {
            // Odd-sized writes, so chunk boundaries fall inside them.
            for (int off = 0; off < plain.length; off += 5000) {
                w.write(plain, off, Math.min(5000, plain.length - off));
            }
            w.finish();
        }
        return out.toByteArray();
    }

    private static byte[] open(byte[] file) throws IOException {
        try (SealedStream.Reader r = CIPHER.opening(new ByteArrayInputStream(file))) {
            return r.readAllBytes();
        }
    }

    private static byte[] plaintext(int length) {
        byte[] b = new byte[length];
        new Random(length).nextBytes(b);
        return b;
    }

    private static byte[] head(byte[] b, int length) {
        return Arrays.copyOf(b, length);
    }

    private static byte[] cat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
