package dev.snpkm.kmip.payload;

import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.FieldWriter;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Protection Storage Masks (KMIP 2.1 §7.33): an ordered list of acceptable Protection Storage Mask values (2.x only).
 * Null when absent.
 */
final class ProtectionStorageMasks {
    private ProtectionStorageMasks() {}

    static @Nullable List<Integer> read(FieldReader r, int tag) throws KmipMappingException {
        FieldReader s = r.optStruct(tag);
        if (s == null) {
            return null;
        }
        List<Integer> out = new ArrayList<>();
        for (Ttlv.IntegerItem i : s.all(Tag.PROTECTION_STORAGE_MASK, Ttlv.IntegerItem.class)) {
            out.add(i.value());
        }
        return List.copyOf(out);
    }

    static void write(FieldWriter w, int tag, @Nullable List<Integer> masks) {
        if (masks != null && w.version().isTwoOrLater()) {
            FieldWriter s = new FieldWriter(w.version());
            masks.forEach(m -> s.integer(Tag.PROTECTION_STORAGE_MASK, m));
            w.add(s.toStructure(tag));
        }
    }
}
