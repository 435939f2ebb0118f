package dev.snpkm.appliance.backup;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * The plaintext inside a format 1 backup file (one {@link BackupCipher} message), still restored: the appliance's files
 * by data-directory relative name, then the store as SQL statements, gzipped, length-prefixed. Backups are now written
 * as {@link StreamedArchive}, which shares the files' encoding ({@link #writeFiles}, {@link #readFiles}).
 *
 * <p>Archive format 2: int 2 ‖ int fileCount ‖ (UTF name, int length, bytes)* ‖ int statementCount ‖
 * (int length, UTF-8)*.
 * Archive format 1 (store-only backups made before the whole appliance was backed up): no files.
 */
public record BackupArchive(Map<String, byte[]> files, List<String> statements) {
    static final int FORMAT = 2;
    private static final int STORE_ONLY_FORMAT = 1;
    /** Bounds for a corrupt-but-authentic file: no single part of an appliance backup comes near these. */
    private static final int MAX_FILES = 64;

    private static final int MAX_FILE_BYTES = 64 << 20;

    public BackupArchive {
        files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
        statements = List.copyOf(statements);
    }

    byte[] encode() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
            out.writeInt(FORMAT);
            writeFiles(out, files);
            out.writeInt(statements.size());
            for (String s : statements) {
                byte[] b = s.getBytes(StandardCharsets.UTF_8);
                out.writeInt(b.length);
                out.write(b);
            }
        }
        return bytes.toByteArray();
    }

    static BackupArchive decode(byte[] plain) throws IOException {
        try (DataInputStream in = new DataInputStream(new GZIPInputStream(new ByteArrayInputStream(plain)))) {
            int format = in.readInt();
            if (format != FORMAT && format != STORE_ONLY_FORMAT) {
                throw new IOException("unknown backup format " + format);
            }
            Map<String, byte[]> files = format == FORMAT ? readFiles(in) : new LinkedHashMap<>();
            int n = bounded(in.readInt(), Integer.MAX_VALUE, "statement count");
            List<String> statements = new ArrayList<>();
            for (int i = 0; i < n; i++) {
                byte[] b = new byte[bounded(in.readInt(), MAX_FILE_BYTES, "statement length")];
                in.readFully(b);
                statements.add(new String(b, StandardCharsets.UTF_8));
            }
            return new BackupArchive(files, statements);
        } catch (EOFException e) {
            throw new IOException("backup ends early", e);
        }
    }

    /** fileCount ‖ (UTF name, int length, bytes)*. */
    static void writeFiles(DataOutputStream out, Map<String, byte[]> files) throws IOException {
        out.writeInt(files.size());
        for (Map.Entry<String, byte[]> f : files.entrySet()) {
            out.writeUTF(f.getKey());
            out.writeInt(f.getValue().length);
            out.write(f.getValue());
        }
    }

    static Map<String, byte[]> readFiles(DataInputStream in) throws IOException {
        Map<String, byte[]> files = new LinkedHashMap<>();
        int n = bounded(in.readInt(), MAX_FILES, "file count");
        for (int i = 0; i < n; i++) {
            String name = in.readUTF();
            byte[] b = new byte[bounded(in.readInt(), MAX_FILE_BYTES, name + " length")];
            in.readFully(b);
            files.put(name, b);
        }
        return files;
    }

    static int bounded(int value, int max, String what) throws IOException {
        if (value < 0 || value > max) {
            throw new IOException(what + " " + value + " out of range");
        }
        return value;
    }
}
