package dev.snpkm.kmip.types;

import java.security.MessageDigest;
import java.util.Arrays;

/**
 * Secret bytes (key material, wrapped keys, passwords as bytes). The array is copied in and out, {@link #toString()}
 * never shows it, and {@link #destroy()} zeroes the held copy. Equality is constant-time over the content. Copies handed
 * out by {@link #toByteArray()} are the caller's to wipe.
 */
public final class Secret {
    private final byte[] value;
    private volatile boolean destroyed;

    private Secret(byte[] value) {
        this.value = value;
    }

    public static Secret of(byte[] value) {
        return new Secret(value.clone());
    }

    /** A copy of the bytes; throws IllegalStateException once destroyed. */
    public byte[] toByteArray() {
        if (destroyed) {
            throw new IllegalStateException("secret was destroyed");
        }
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    /** Zeroes the held bytes; later reads fail. */
    public void destroy() {
        Arrays.fill(value, (byte) 0);
        destroyed = true;
    }

    public boolean isDestroyed() {
        return destroyed;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Secret s && MessageDigest.isEqual(s.value, value) && s.destroyed == destroyed;
    }

    @Override
    public int hashCode() {
        return value.length; // content-free on purpose: a hash would leak bits of the secret
    }

    @Override
    public String toString() {
        return "Secret[" + value.length + " bytes" + (destroyed ? ", destroyed" : "") + "]";
    }
}
