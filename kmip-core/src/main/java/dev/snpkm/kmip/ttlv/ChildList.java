package dev.snpkm.kmip.ttlv;

import java.util.AbstractList;
import java.util.Arrays;
import java.util.RandomAccess;

/**
 * A Structure's children as the decoder read them: an exact-size array nobody else holds, so a {@link Ttlv.Structure}
 * takes it as is instead of copying (the copy was a visible share of decoding a request). Immutable like the
 * {@code List.copyOf} lists Structures otherwise hold; package-private so no other code can keep the array.
 */
final class ChildList extends AbstractList<Ttlv> implements RandomAccess {
    private final Ttlv[] items;

    private ChildList(Ttlv[] items) {
        this.items = items;
    }

    /** Takes the first {@code size} items of the decoder's buffer, copied into an exact-size array. */
    static ChildList of(Ttlv[] buffer, int size) {
        return new ChildList(Arrays.copyOf(buffer, size)); // the decoder never stores null
    }

    @Override
    public Ttlv get(int index) {
        return items[index];
    }

    @Override
    public int size() {
        return items.length;
    }
}
