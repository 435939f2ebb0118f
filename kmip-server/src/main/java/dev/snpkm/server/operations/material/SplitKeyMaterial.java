package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.util.Arrays;
import org.jspecify.annotations.Nullable;

/**
 * A Split Key's fields and its part, as sealed in a {@link StoredMaterial} (format Raw, subtype the Split Key Method):
 * split id (16) ‖ Split Key Parts (4) ‖ Key Part Identifier (4) ‖ Split Key Threshold (4) ‖ Prime Field Size length
 * (4) ‖ Prime Field Size ‖ part. The split id is drawn when the server splits a key and is the same in every part of
 * that split, so that Join Split Key refuses parts of different splits (which Lagrange interpolation would turn into a
 * wrong key without a word); registered parts have the zero id. Sealed, the fields cannot be changed by a client as
 * attributes could. {@link #close()} zeroes the part.
 */
public final class SplitKeyMaterial implements AutoCloseable {
    public static final int SPLIT_ID_BYTES = 16;
    private static final int HEADER = SPLIT_ID_BYTES + 16;

    private final byte[] splitId;
    private final int parts;
    private final int partIdentifier;
    private final int threshold;
    private final EnumCode<SplitKeyMethod> method;
    private final @Nullable BigInteger primeFieldSize;
    private final byte[] part;

    /** @param part the part's bytes, owned (and zeroed on close) by this object */
    public SplitKeyMaterial(
            byte[] splitId,
            int parts,
            int partIdentifier,
            int threshold,
            EnumCode<SplitKeyMethod> method,
            @Nullable BigInteger primeFieldSize,
            byte[] part) {
        if (splitId.length != SPLIT_ID_BYTES) {
            throw new IllegalArgumentException("split id is " + SPLIT_ID_BYTES + " bytes");
        }
        this.splitId = splitId.clone();
        this.parts = parts;
        this.partIdentifier = partIdentifier;
        this.threshold = threshold;
        this.method = method;
        this.primeFieldSize = primeFieldSize;
        this.part = part;
    }

    /** The stored form; its bytes are a copy, zeroed when it is closed. */
    public StoredMaterial toStored(int registeredFormat) {
        byte[] prime = primeFieldSize == null ? new byte[0] : primeFieldSize.toByteArray();
        byte[] out = new byte[HEADER + prime.length + part.length];
        ByteBuffer.wrap(out)
                .put(splitId)
                .putInt(parts)
                .putInt(partIdentifier)
                .putInt(threshold)
                .putInt(prime.length)
                .put(prime)
                .put(part);
        return new StoredMaterial(KeyFormatType.RAW.value(), method.value(), registeredFormat, out);
    }

    /** Reads a Split Key's stored form; the stored material stays the caller's to close. */
    public static SplitKeyMaterial of(StoredMaterial m) {
        byte[] b = m.bytes();
        ByteBuffer in = ByteBuffer.wrap(b);
        byte[] id = new byte[SPLIT_ID_BYTES];
        in.get(id);
        int parts = in.getInt();
        int partIdentifier = in.getInt();
        int threshold = in.getInt();
        int primeLength = in.getInt();
        BigInteger prime =
                primeLength == 0 ? null : new BigInteger(Arrays.copyOfRange(b, HEADER, HEADER + primeLength));
        return new SplitKeyMaterial(
                id,
                parts,
                partIdentifier,
                threshold,
                EnumCode.of(SplitKeyMethod.class, m.subtype()),
                prime,
                Arrays.copyOfRange(b, HEADER + primeLength, b.length));
    }

    /** Whether both parts come from the same split (constant time: the id is not secret, but costs nothing). */
    public boolean sameSplitAs(SplitKeyMaterial other) {
        return MessageDigest.isEqual(splitId, other.splitId)
                && parts == other.parts
                && threshold == other.threshold
                && method.value() == other.method.value()
                && part.length == other.part.length;
    }

    public int parts() {
        return parts;
    }

    public int partIdentifier() {
        return partIdentifier;
    }

    public int threshold() {
        return threshold;
    }

    public EnumCode<SplitKeyMethod> method() {
        return method;
    }

    public @Nullable BigInteger primeFieldSize() {
        return primeFieldSize;
    }

    /** The part itself (not a copy: zeroed by {@link #close()}). */
    public byte[] part() {
        return part;
    }

    @Override
    public void close() {
        Arrays.fill(part, (byte) 0);
    }

    @Override
    public String toString() {
        return "SplitKeyMaterial[part " + partIdentifier + " of " + parts + ", threshold " + threshold + "]";
    }
}
