package dev.snpkm.kmip.types;

import java.util.Arrays;
import java.util.HexFormat;
import org.jspecify.annotations.Nullable;

/**
 * An immutable byte string that is not secret (identifiers, nonces, measurements, certificates): compared by content,
 * printed as hex. For key material use {@link Secret}.
 */
public final class Bytes {
    private final byte[] value;

    private Bytes(byte[] value) {
        this.value = value;
    }

    public static Bytes of(byte[] value) {
        return new Bytes(value.clone());
    }

    public static Bytes ofHex(String hex) {
        return new Bytes(HexFormat.of().parseHex(hex));
    }

    public byte[] toByteArray() {
        return value.clone();
    }

    public int length() {
        return value.length;
    }

    public String hex() {
        return HexFormat.of().withUpperCase().formatHex(value);
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof Bytes b && Arrays.equals(b.value, value);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(value);
    }

    @Override
    public String toString() {
        return value.length <= 64 ? hex() : hex().substring(0, 64) + "...(" + value.length + " bytes)";
    }
}
