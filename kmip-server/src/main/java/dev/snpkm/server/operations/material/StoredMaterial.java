package dev.snpkm.server.operations.material;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Material at rest (sealed by the store): the bytes in the server's canonical format for the object type (Raw for
 * symmetric keys and secret data, PKCS#8 for private keys, X.509 SubjectPublicKeyInfo for public keys, DER for
 * certificates), plus the object subtype (Secret Data Type, Opaque Data Type, Certificate Type) and the Key Format Type
 * the client registered, which a Get without Key Format Type returns.
 *
 * <p>Layout: format (4) ‖ subtype (4) ‖ registered format (4) ‖ bytes. {@link #destroy()} zeroes the bytes.
 */
public final class StoredMaterial implements AutoCloseable {
    private final int format;
    private final int subtype;
    private final int registeredFormat;
    private final byte[] bytes;

    public StoredMaterial(int format, int subtype, int registeredFormat, byte[] bytes) {
        this.format = format;
        this.subtype = subtype;
        this.registeredFormat = registeredFormat;
        this.bytes = bytes;
    }

    /** Parses the unsealed blob; the blob is zeroed. */
    public static StoredMaterial decode(byte[] blob) {
        try {
            ByteBuffer b = ByteBuffer.wrap(blob);
            int format = b.getInt();
            int subtype = b.getInt();
            int registered = b.getInt();
            return new StoredMaterial(format, subtype, registered, Arrays.copyOfRange(blob, 12, blob.length));
        } finally {
            Arrays.fill(blob, (byte) 0);
        }
    }

    /** The blob to seal; the caller zeroes it. */
    public byte[] encode() {
        byte[] out = new byte[12 + bytes.length];
        ByteBuffer.wrap(out)
                .putInt(format)
                .putInt(subtype)
                .putInt(registeredFormat)
                .put(bytes);
        return out;
    }

    public int format() {
        return format;
    }

    public int subtype() {
        return subtype;
    }

    public int registeredFormat() {
        return registeredFormat;
    }

    /** The material itself (not a copy: zeroed by {@link #destroy()}). */
    public byte[] bytes() {
        return bytes;
    }

    public void destroy() {
        Arrays.fill(bytes, (byte) 0);
    }

    @Override
    public void close() {
        destroy();
    }

    @Override
    public String toString() {
        return "StoredMaterial[format=" + format + ", " + bytes.length + " bytes]";
    }
}
