package dev.snpkm.sev.cert;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads an evidence file without trusting its size: never more than the limit plus one byte is read. */
public final class EvidenceFiles {
    /** The file holds more than the limit. */
    public static final class TooLarge extends IOException {
        TooLarge(String message) {
            super(message);
        }
    }

    private EvidenceFiles() {}

    /**
     * The file's bytes, or an {@link IOException} with a one-line message naming the file and the limit if it holds
     * more than {@code maxBytes} (a 2 GiB "report", or a device that never ends, is refused after limit + 1 bytes).
     */
    public static byte[] read(Path file, int maxBytes) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes(maxBytes + 1);
            if (bytes.length > maxBytes) {
                throw new TooLarge(file + " is larger than " + maxBytes + " bytes, the most this input can be");
            }
            return bytes;
        }
    }
}
