package dev.snpkm.kmip.mapping;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KmipEnum;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * Reads the fields of one Structure with the checks every mapper needs: a required field that is absent is Missing
 * Data, a field of the wrong item type is Invalid Field, a single-valued field given twice is Invalid Message (KMIP 1.4
 * §11.1). Optional fields come back as null, repeatable ones as a (possibly empty) list.
 */
public final class FieldReader {
    private final Ttlv.Structure structure;
    /** Null only for a message envelope, read before the protocol version is known. */
    private final @Nullable KmipVersion version;
    /**
     * Tags a mapper has asked for; the rest are fields the mapper does not know (see {@link #firstUnread()}). A plain
     * int array: a mapper asks for a handful of tags, and a boxed set per Structure was a measurable share of decoding.
     */
    private int[] read = new int[8];

    private int readCount;

    public FieldReader(Ttlv.Structure structure, @Nullable KmipVersion version) {
        this.structure = structure;
        this.version = version;
    }

    /** A reader over {@code item}, which must be a Structure. */
    public static FieldReader of(Ttlv item, @Nullable KmipVersion version) throws KmipMappingException {
        return new FieldReader(asType(item, Ttlv.Structure.class), version);
    }

    /** The protocol version of the payload; asking an envelope reader for it is a programming error. */
    public KmipVersion version() {
        return Objects.requireNonNull(version, "an envelope has no protocol version");
    }

    public Ttlv.Structure structure() {
        return structure;
    }

    public int tag() {
        return structure.tag();
    }

    public boolean has(int tag) {
        return structure.child(tag).isPresent();
    }

    /** The single child with this tag, of this item type, or null. */
    public <T extends Ttlv> @Nullable T optional(int tag, Class<T> type) throws KmipMappingException {
        markRead(tag);
        @Nullable Ttlv found = null;
        for (Ttlv c : structure.children()) {
            if (c.tag() == tag) {
                if (found != null) {
                    throw KmipMappingException.duplicate(tag, structure.tag());
                }
                found = c;
            }
        }
        return found == null ? null : asType(found, type);
    }

    /** Every field, all counted as read (for mappers that keep unknown fields, like the Query response). */
    public List<Ttlv> allFields() {
        structure.children().forEach(c -> markRead(c.tag()));
        return structure.children();
    }

    /** The first field, in wire order, that no read method has asked for so far; null if there is none. */
    public @Nullable Ttlv firstUnread() {
        for (Ttlv c : structure.children()) {
            if (!wasRead(c.tag())) {
                return c;
            }
        }
        return null;
    }

    private void markRead(int tag) {
        if (wasRead(tag)) {
            return;
        }
        if (readCount == read.length) {
            read = Arrays.copyOf(read, readCount * 2);
        }
        read[readCount++] = tag;
    }

    private boolean wasRead(int tag) {
        for (int i = 0; i < readCount; i++) {
            if (read[i] == tag) {
                return true;
            }
        }
        return false;
    }

    public <T extends Ttlv> T required(int tag, Class<T> type) throws KmipMappingException {
        T item = optional(tag, type);
        if (item == null) {
            throw KmipMappingException.missing(tag, structure.tag());
        }
        return item;
    }

    public <T extends Ttlv> List<T> all(int tag, Class<T> type) throws KmipMappingException {
        markRead(tag);
        List<T> out = new ArrayList<>();
        for (Ttlv c : structure.children()) {
            if (c.tag() == tag) {
                out.add(asType(c, type));
            }
        }
        return Collections.unmodifiableList(out); // a private copy: List.copyOf would copy it again
    }

    public static <T extends Ttlv> T asType(Ttlv item, Class<T> type) throws KmipMappingException {
        if (!type.isInstance(item)) {
            throw KmipMappingException.invalidField(
                    item.tag(),
                    "expected " + type.getSimpleName() + " but got "
                            + item.type().encodingName());
        }
        return type.cast(item);
    }

    public String text(int tag) throws KmipMappingException {
        return required(tag, Ttlv.TextString.class).value();
    }

    public @Nullable String optText(int tag) throws KmipMappingException {
        Ttlv.TextString t = optional(tag, Ttlv.TextString.class);
        return t == null ? null : t.value();
    }

    public List<String> texts(int tag) throws KmipMappingException {
        List<String> out = new ArrayList<>();
        for (Ttlv.TextString t : all(tag, Ttlv.TextString.class)) {
            out.add(t.value());
        }
        return List.copyOf(out);
    }

    public int integer(int tag) throws KmipMappingException {
        return required(tag, Ttlv.IntegerItem.class).value();
    }

    public @Nullable Integer optInteger(int tag) throws KmipMappingException {
        Ttlv.IntegerItem i = optional(tag, Ttlv.IntegerItem.class);
        return i == null ? null : i.value();
    }

    public @Nullable Long optLong(int tag) throws KmipMappingException {
        Ttlv.LongInteger i = optional(tag, Ttlv.LongInteger.class);
        return i == null ? null : i.value();
    }

    public @Nullable Boolean optBoolean(int tag) throws KmipMappingException {
        Ttlv.BooleanItem b = optional(tag, Ttlv.BooleanItem.class);
        return b == null ? null : b.value();
    }

    public @Nullable Long optDateTime(int tag) throws KmipMappingException {
        Ttlv.DateTime d = optional(tag, Ttlv.DateTime.class);
        return d == null ? null : d.epochSeconds();
    }

    public @Nullable Long optInterval(int tag) throws KmipMappingException {
        Ttlv.Interval d = optional(tag, Ttlv.Interval.class);
        return d == null ? null : d.seconds();
    }

    public Bytes bytes(int tag) throws KmipMappingException {
        return Bytes.of(required(tag, Ttlv.ByteString.class).value());
    }

    public @Nullable Bytes optBytes(int tag) throws KmipMappingException {
        Ttlv.ByteString b = optional(tag, Ttlv.ByteString.class);
        return b == null ? null : Bytes.of(b.value());
    }

    public Secret secret(int tag) throws KmipMappingException {
        return secretOf(required(tag, Ttlv.ByteString.class));
    }

    /** The item's bytes as a Secret, the intermediate copy zeroed (key material must not linger in the heap). */
    public static Secret secretOf(Ttlv.ByteString item) {
        byte[] copy = item.value();
        try {
            return Secret.of(copy);
        } finally {
            java.util.Arrays.fill(copy, (byte) 0);
        }
    }

    public @Nullable Secret optSecret(int tag) throws KmipMappingException {
        Ttlv.ByteString b = optional(tag, Ttlv.ByteString.class);
        return b == null ? null : secretOf(b);
    }

    public <E extends Enum<E> & KmipEnum> EnumCode<E> enumeration(int tag, Class<E> type) throws KmipMappingException {
        return EnumCode.of(type, required(tag, Ttlv.Enumeration.class).value());
    }

    public <E extends Enum<E> & KmipEnum> @Nullable EnumCode<E> optEnumeration(int tag, Class<E> type)
            throws KmipMappingException {
        Ttlv.Enumeration e = optional(tag, Ttlv.Enumeration.class);
        return e == null ? null : EnumCode.of(type, e.value());
    }

    public <E extends Enum<E> & KmipEnum> List<EnumCode<E>> enumerations(int tag, Class<E> type)
            throws KmipMappingException {
        List<EnumCode<E>> out = new ArrayList<>();
        for (Ttlv.Enumeration e : all(tag, Ttlv.Enumeration.class)) {
            out.add(EnumCode.of(type, e.value()));
        }
        return List.copyOf(out);
    }

    public FieldReader struct(int tag) throws KmipMappingException {
        return new FieldReader(required(tag, Ttlv.Structure.class), version);
    }

    public @Nullable FieldReader optStruct(int tag) throws KmipMappingException {
        Ttlv.Structure s = optional(tag, Ttlv.Structure.class);
        return s == null ? null : new FieldReader(s, version);
    }

    public List<FieldReader> structs(int tag) throws KmipMappingException {
        List<FieldReader> out = new ArrayList<>();
        for (Ttlv.Structure s : all(tag, Ttlv.Structure.class)) {
            out.add(new FieldReader(s, version));
        }
        return List.copyOf(out);
    }

    /** A Unique Identifier in any of its forms (KMIP 2.1 §4.58): Text, Enumeration or Integer; null if absent. */
    public @Nullable UniqueIdentifier optUid(int tag) throws KmipMappingException {
        Ttlv item = optional(tag, Ttlv.class);
        if (item == null) {
            return null;
        }
        return uidOf(item);
    }

    public UniqueIdentifier uid(int tag) throws KmipMappingException {
        UniqueIdentifier uid = optUid(tag);
        if (uid == null) {
            throw KmipMappingException.missing(tag, structure.tag());
        }
        return uid;
    }

    public List<UniqueIdentifier> uids(int tag) throws KmipMappingException {
        markRead(tag);
        List<UniqueIdentifier> out = new ArrayList<>();
        for (Ttlv item : structure.childrenWithTag(tag)) {
            out.add(uidOf(item));
        }
        return List.copyOf(out);
    }

    private static UniqueIdentifier uidOf(Ttlv item) throws KmipMappingException {
        if (item instanceof Ttlv.TextString t) {
            return new UniqueIdentifier.Text(t.value());
        } else if (item instanceof Ttlv.Enumeration e) {
            return new UniqueIdentifier.Reference(EnumCode.of(UniqueIdentifierReference.class, e.value()));
        } else if (item instanceof Ttlv.IntegerItem i) {
            return new UniqueIdentifier.Index(i.value());
        }
        throw KmipMappingException.invalidField(
                item.tag(),
                "expected TextString, Enumeration or Integer but got "
                        + item.type().encodingName());
    }
}
