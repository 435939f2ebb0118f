package dev.snpkm.appliance.backup;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Backup file format 2: the archive sealed as a stream of AES-256-GCM chunks (the STREAM construction of
 * Hoang, Reyhanitabar, Rogaway and Vizár, "Online Authenticated-Encryption and its Nonce-Reuse Misuse-Resistance"),
 * so a backup of any size is written and read a chunk at a time.
 *
 * <pre>
 * file    = header ‖ record* ‖ final-record
 * header  = "SNPKMBK2" (8) ‖ salt (32) ‖ prefix (7)                          47 bytes, random salt and prefix
 * key     = HKDF-SHA256(ikm = master key, salt, info = "snpkm-backup-v2-stream")  a fresh key per backup
 * record i = AES-256-GCM(key, nonce = prefix ‖ uint32 i ‖ 0x00, aad = header, 65,536 bytes)   65,552 bytes
 * final-record = the same with nonce = prefix ‖ uint32 i ‖ 0x01 and 0..65,535 bytes          16..65,551 bytes
 * </pre>
 *
 * Every chunk but the last holds exactly 65,536 bytes; the last holds fewer (none when the plaintext is a whole number
 * of chunks), so a full-size record is never the end and a short one always is. The chunk's index and the final flag
 * are in its nonce, the header is every chunk's associated data: a flipped bit, a dropped, swapped or repeated chunk,
 * a chunk of another backup (another salt, so another key), a file cut after any chunk (no final chunk) or anything
 * after the final chunk all fail authentication. The writer adds the final chunk only in {@link Writer#finish}: a
 * backup that fails part-way ends without one, which kmipctl sees without the key ({@link #copyComplete}).
 */
public final class SealedStream {
    static final byte[] MAGIC = "SNPKMBK2".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] INFO = "snpkm-backup-v2-stream".getBytes(StandardCharsets.US_ASCII);
    private static final int SALT = 32;
    private static final int PREFIX = 7;
    static final int HEADER = 8 + SALT + PREFIX;
    static final int CHUNK = 64 * 1024;
    private static final int TAG = 16;
    static final int RECORD = CHUNK + TAG;
    private static final long MAX_CHUNKS = 1L << 32;

    private SealedStream() {}

    /** A backup stream's chunk failed authentication, or the stream ended before its final chunk. */
    public static final class NotAuthentic extends IOException {
        private static final long serialVersionUID = 1L;

        NotAuthentic(String message) {
            super(message);
        }
    }

    /**
     * Copies a backup stream whose key the caller does not hold (kmipctl), checking only its framing: the header's
     * magic, and that it ends with its final chunk, the one record shorter than a full one. A backup the appliance gave
     * up part-way ends on a whole record and fails here; a connection cut inside a record fails in the HTTP layer (the
     * chunked transfer does not end), since a record's remainder of at least a tag's length would pass this check. The
     * restore authenticates every chunk anyway.
     *
     * @return the bytes copied
     */
    public static long copyComplete(InputStream in, OutputStream out) throws IOException {
        byte[] header = readUpTo(in, HEADER, 0);
        if (!startsWithMagic(header)) {
            throw new IOException("the appliance did not send a backup stream (bad header)");
        }
        out.write(header);
        long total = header.length;
        while (true) {
            byte[] n = readUpTo(in, RECORD, total);
            out.write(n);
            total += n.length;
            if (n.length < RECORD) {
                if (n.length < TAG) { // also a header cut short: nothing follows it
                    throw new IOException("the backup stream ended without its final chunk: the backup failed "
                            + "part-way (see the appliance's log and its audit record)");
                }
                return total; // short: the final record, and the stream's end (readNBytes reads up to it)
            }
        }
    }

    /** Whether {@code bytes} begin with this format's magic: a format 2 file, or stream, starts so. */
    static boolean startsWithMagic(byte[] bytes) {
        return bytes.length >= MAGIC.length && Arrays.equals(bytes, 0, MAGIC.length, MAGIC, 0, MAGIC.length);
    }

    /** Up to {@code n} bytes, fewer only at the end; a connection that breaks is said so. */
    private static byte[] readUpTo(InputStream in, int n, long before) throws IOException {
        try {
            return in.readNBytes(n);
        } catch (IOException e) {
            throw new IOException("the backup stream broke off after " + before + " bytes (" + e.getMessage() + ")", e);
        }
    }

    /** The cipher and nonces of one backup stream. */
    private static final class Chunks {
        private final byte[] header;
        private final SecretKeySpec key;
        private final Cipher gcm;
        private final byte[] nonce = new byte[12];
        private long index;

        Chunks(BackupCipher cipher, byte[] header) throws GeneralSecurityException {
            this.header = header.clone();
            byte[] k = cipher.derive(Arrays.copyOfRange(header, MAGIC.length, MAGIC.length + SALT), INFO);
            try {
                this.key = new SecretKeySpec(k, "AES");
            } finally {
                Arrays.fill(k, (byte) 0);
            }
            this.gcm = Cipher.getInstance("AES/GCM/NoPadding");
            System.arraycopy(header, MAGIC.length + SALT, nonce, 0, PREFIX);
        }

        /** Seals or opens the next chunk from {@code in} into {@code out}; returns the output length. */
        int next(int mode, boolean last, byte[] in, int length, byte[] out) throws GeneralSecurityException {
            if (index >= MAX_CHUNKS) {
                throw new GeneralSecurityException("backup stream passes 2^32 chunks");
            }
            nonce[PREFIX] = (byte) (index >>> 24);
            nonce[PREFIX + 1] = (byte) (index >>> 16);
            nonce[PREFIX + 2] = (byte) (index >>> 8);
            nonce[PREFIX + 3] = (byte) index;
            nonce[PREFIX + 4] = (byte) (last ? 1 : 0);
            index++;
            gcm.init(mode, key, new GCMParameterSpec(TAG * 8, nonce));
            gcm.updateAAD(header);
            return gcm.doFinal(in, 0, length, out, 0);
        }
    }

    /**
     * Seals what is written into chunks on {@code out}, the header first. {@link #finish} seals the final chunk;
     * {@link #close} without it leaves the stream without one (a failed backup), and never closes {@code out}.
     */
    public static final class Writer extends OutputStream {
        private final OutputStream out;
        private final Chunks chunks;
        private final byte[] plain = new byte[CHUNK];
        private final byte[] sealed = new byte[RECORD];
        private int filled;
        private boolean closed;

        Writer(BackupCipher cipher, OutputStream out, SecureRandom random) throws IOException {
            byte[] header = new byte[HEADER];
            System.arraycopy(MAGIC, 0, header, 0, MAGIC.length);
            byte[] fresh = new byte[SALT + PREFIX];
            random.nextBytes(fresh);
            System.arraycopy(fresh, 0, header, MAGIC.length, fresh.length);
            try {
                this.chunks = new Chunks(cipher, header);
            } catch (GeneralSecurityException e) {
                throw new IOException(
                        "cannot set up the backup cipher: " + e.getClass().getSimpleName(), e);
            }
            this.out = out;
            out.write(header);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (closed) {
                throw new IOException("backup stream closed");
            }
            while (len > 0) {
                int n = Math.min(len, CHUNK - filled);
                System.arraycopy(b, off, plain, filled, n);
                filled += n;
                off += n;
                len -= n;
                if (filled == CHUNK) {
                    seal(false); // a full chunk is never the last: the last is shorter, if need be empty
                }
            }
        }

        /** Seals the final chunk (what is buffered, fewer than a chunk's bytes) and flushes; the stream is complete. */
        public void finish() throws IOException {
            if (closed) {
                throw new IOException("backup stream closed");
            }
            seal(true);
            out.flush();
            close();
        }

        private void seal(boolean last) throws IOException {
            try {
                int n = chunks.next(Cipher.ENCRYPT_MODE, last, plain, filled, sealed);
                out.write(sealed, 0, n); // one write per record: a failure never leaves a short one behind it
            } catch (GeneralSecurityException e) {
                throw new IOException("cannot seal the backup: " + e.getClass().getSimpleName(), e);
            } finally {
                Arrays.fill(plain, 0, filled, (byte) 0);
                filled = 0;
            }
        }

        /** Drops what is buffered without sealing it; {@code out} stays open (its owner closes it). */
        @Override
        public void close() {
            closed = true;
            Arrays.fill(plain, (byte) 0);
            filled = 0;
        }
    }

    /**
     * The plaintext of a backup stream, each chunk authenticated before any of its bytes is returned; the end of the
     * stream (-1) only after the final chunk authenticated. Reading past a failure keeps failing.
     */
    public static final class Reader extends InputStream {
        private final InputStream in;
        private final byte[] header;
        private final Chunks chunks;
        private final byte[] record = new byte[RECORD];
        private final byte[] plain = new byte[RECORD];
        private int position;
        private int limit;
        private boolean ended;
        private boolean broken;

        /** Reads the header; {@code in} is positioned at the start of the file. */
        Reader(BackupCipher cipher, InputStream in) throws IOException {
            this.in = in;
            this.header = in.readNBytes(HEADER);
            if (header.length < HEADER || !startsWithMagic(header)) {
                throw new NotAuthentic("not an snpkm stream backup (bad header or too short)");
            }
            try {
                this.chunks = new Chunks(cipher, header);
            } catch (GeneralSecurityException e) {
                throw new IOException(
                        "cannot set up the backup cipher: " + e.getClass().getSimpleName(), e);
            }
        }

        /** Whether {@code other} has this stream's header (salt and prefix): the same backup. */
        boolean sameBackupAs(Reader other) {
            return MessageDigest.isEqual(header, other.header);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return 0;
            }
            while (position == limit) {
                if (ended) {
                    return -1;
                }
                open();
            }
            int n = Math.min(len, limit - position);
            System.arraycopy(plain, position, b, off, n);
            position += n;
            return n;
        }

        private void open() throws IOException {
            if (broken) {
                throw new NotAuthentic("backup stream already failed authentication");
            }
            broken = true;
            int n = in.readNBytes(record, 0, RECORD);
            boolean last = n < RECORD;
            if (last && n < TAG) {
                throw new NotAuthentic("the backup ends before its final chunk (truncated)");
            }
            Arrays.fill(plain, 0, limit, (byte) 0);
            try {
                limit = chunks.next(Cipher.DECRYPT_MODE, last, record, n, plain);
            } catch (GeneralSecurityException e) {
                limit = 0;
                throw new NotAuthentic("chunk " + (chunks.index - 1) + " failed authentication");
            } finally {
                position = 0;
            }
            ended = last;
            broken = false;
        }

        /** Zeroes the plaintext buffer; the file is the caller's to close. */
        @Override
        public void close() {
            Arrays.fill(plain, (byte) 0);
            position = 0;
            limit = 0;
            ended = true;
        }
    }
}
