package dev.snpkm.appliance.backup;

import java.io.Closeable;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.Deflater;
import java.util.zip.DeflaterOutputStream;
import java.util.zip.Inflater;
import java.util.zip.InflaterInputStream;
import org.jspecify.annotations.Nullable;

/**
 * Archive format 3, the plaintext of a streamed backup ({@link SealedStream}): the appliance's files, then the store's
 * SQL statements one by one, so neither side holds more than one statement. zlib-compressed (RFC 1950):
 *
 * <pre>
 * int 3 ‖ int fileCount ‖ (UTF name, int length, bytes)* ‖ (int length, UTF-8 statement)* ‖ int -1
 * </pre>
 *
 * A statement is at most {@link #MAX_STATEMENT_BYTES}: the writer refuses a longer one (a backup nothing could restore)
 * and the reader a longer length, before allocating it. Nothing may follow the end mark.
 */
final class StreamedArchive {
    static final int FORMAT = 3;
    /** The longest statement: H2's SCRIPT batches rows up to 4 KB, so only one huge object (hex: 2 chars a byte). */
    static final int MAX_STATEMENT_BYTES = 64 << 20;

    private static final int END = -1;
    private static final int BUFFER = 64 * 1024;

    private StreamedArchive() {}

    /** Writes the archive, compressed, onto a sealed stream, whose own finish is the caller's. */
    static final class Writer implements Closeable {
        private final Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION);
        private final DeflaterOutputStream zlib;
        private final DataOutputStream out;

        Writer(OutputStream sealed, Map<String, byte[]> files) throws IOException {
            this.zlib = new DeflaterOutputStream(sealed, deflater, BUFFER);
            this.out = new DataOutputStream(zlib);
            out.writeInt(FORMAT);
            BackupArchive.writeFiles(out, files);
        }

        void statement(String sql) throws IOException {
            byte[] b = sql.getBytes(StandardCharsets.UTF_8);
            if (b.length > MAX_STATEMENT_BYTES) {
                throw new IOException("a store statement of " + b.length + " bytes passes the " + MAX_STATEMENT_BYTES
                        + " a restore accepts");
            }
            out.writeInt(b.length);
            out.write(b);
        }

        /** The end mark, and the rest of the compressed data onto the sealed stream. */
        void finish() throws IOException {
            out.writeInt(END);
            out.flush();
            zlib.finish();
        }

        /** Frees the deflater; never closes the sealed stream (a failed backup must not seal its final chunk). */
        @Override
        public void close() {
            deflater.end();
        }
    }

    /** Reads the archive from a sealed stream's plaintext: its files at once, then statement after statement. */
    static final class Reader implements Closeable {
        private final Inflater inflater = new Inflater();
        private final InputStream plain;
        private final DataInputStream in;
        private final Map<String, byte[]> files;
        private boolean ended;

        Reader(InputStream plain) throws IOException {
            this.plain = plain;
            this.in = new DataInputStream(new InflaterInputStream(plain, inflater, BUFFER));
            try {
                int format = in.readInt();
                if (format != FORMAT) {
                    throw new IOException("unknown backup format " + format);
                }
                this.files = BackupArchive.readFiles(in);
            } catch (IOException | RuntimeException e) {
                inflater.end();
                throw early(e);
            }
        }

        /** The appliance's files by their name in the backup; the caller zeroes them. */
        Map<String, byte[]> files() {
            return files;
        }

        /** The next statement, or null at the end mark once the stream is known to end there (final chunk read). */
        @Nullable
        String next() throws IOException {
            if (ended) {
                return null;
            }
            try {
                int length = in.readInt();
                if (length == END) {
                    ended = true;
                    // Nothing after the end mark: not in the compressed data, nor after it in the last chunk. Reading
                    // the sealed stream to its end authenticates the final chunk.
                    if (in.read() != -1 || inflater.getRemaining() > 0 || plain.read() != -1) {
                        throw new IOException("data after the archive's end");
                    }
                    return null;
                }
                if (length < 0 || length > MAX_STATEMENT_BYTES) {
                    throw new IOException("statement length " + length + " out of range (the most a restore "
                            + "accepts is " + MAX_STATEMENT_BYTES + " bytes)");
                }
                byte[] b = new byte[length];
                in.readFully(b);
                return new String(b, StandardCharsets.UTF_8);
            } catch (IOException | RuntimeException e) {
                throw early(e);
            }
        }

        /** A sealed stream's own failure (tampering) as it is; the inflater's and a short read as "ends early". */
        private static IOException early(Exception e) {
            if (e instanceof SealedStream.NotAuthentic n) {
                return n;
            }
            if (e instanceof EOFException) {
                return new IOException("backup ends early", e);
            }
            return e instanceof IOException io ? io : new IOException(String.valueOf(e.getMessage()), e);
        }

        /** Frees the inflater; the sealed stream is the caller's. */
        @Override
        public void close() {
            inflater.end();
        }
    }
}
