package dev.snpkm.kmip.mapping;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Collects the children of one Structure in wire order. Every method skips a null value, so optional record
 * components are written only when present.
 */
public final class FieldWriter {
    /** Null only for a message envelope, read or written before the protocol version is known. */
    private final @Nullable KmipVersion version;

    private final List<Ttlv> children = new ArrayList<>();

    public FieldWriter(@Nullable KmipVersion version) {
        this.version = version;
    }

    /** The protocol version of the payload; asking an envelope reader or writer for it is a programming error. */
    public KmipVersion version() {
        return Objects.requireNonNull(version, "an envelope has no protocol version");
    }

    public FieldWriter add(@Nullable Ttlv item) {
        if (item != null) {
            children.add(item);
        }
        return this;
    }

    public FieldWriter addAll(List<? extends Ttlv> items) {
        children.addAll(items);
        return this;
    }

    public FieldWriter text(int tag, @Nullable String value) {
        return value == null ? this : add(Ttlv.text(tag, value));
    }

    public FieldWriter texts(int tag, List<String> values) {
        values.forEach(v -> text(tag, v));
        return this;
    }

    public FieldWriter integer(int tag, @Nullable Integer value) {
        return value == null ? this : add(Ttlv.integer(tag, value));
    }

    public FieldWriter longInteger(int tag, @Nullable Long value) {
        return value == null ? this : add(Ttlv.longInteger(tag, value));
    }

    public FieldWriter bool(int tag, @Nullable Boolean value) {
        return value == null ? this : add(Ttlv.bool(tag, value));
    }

    public FieldWriter dateTime(int tag, @Nullable Long epochSeconds) {
        return epochSeconds == null ? this : add(Ttlv.dateTime(tag, epochSeconds));
    }

    public FieldWriter interval(int tag, @Nullable Long seconds) {
        return seconds == null ? this : add(Ttlv.interval(tag, seconds));
    }

    public FieldWriter bytes(int tag, @Nullable Bytes value) {
        return value == null ? this : add(Ttlv.bytes(tag, value.toByteArray()));
    }

    public FieldWriter secret(int tag, @Nullable Secret value) {
        if (value == null) {
            return this;
        }
        byte[] copy = value.toByteArray(); // the item takes a copy of its own; this one must not linger
        try {
            return add(Ttlv.bytes(tag, copy));
        } finally {
            java.util.Arrays.fill(copy, (byte) 0);
        }
    }

    public FieldWriter enumeration(int tag, @Nullable EnumCode<?> value) {
        return value == null ? this : add(Ttlv.enumeration(tag, value.value()));
    }

    public FieldWriter enumerations(int tag, List<? extends EnumCode<?>> values) {
        values.forEach(v -> enumeration(tag, v));
        return this;
    }

    /** A Unique Identifier in whichever form it has (KMIP 2.1 §4.58). */
    public FieldWriter uid(int tag, @Nullable UniqueIdentifier value) {
        if (value instanceof UniqueIdentifier.Text t) {
            return text(tag, t.value());
        } else if (value instanceof UniqueIdentifier.Reference r) {
            return enumeration(tag, r.reference());
        } else if (value instanceof UniqueIdentifier.Index i) {
            return integer(tag, i.index());
        }
        return this;
    }

    public List<Ttlv> children() {
        return List.copyOf(children);
    }

    public Ttlv.Structure toStructure(int tag) {
        return Ttlv.structure(tag, children);
    }
}
