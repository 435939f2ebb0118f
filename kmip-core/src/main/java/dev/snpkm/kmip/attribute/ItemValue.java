package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;

/**
 * An attribute value that is one TTLV item. The item is held with the neutral tag Attribute Value (0x42000B) so that the
 * same value compares equal whether it came as a 1.x Attribute Value or a 2.x attribute tagged with its own tag.
 */
public record ItemValue(Ttlv item) implements AttributeValue {
    public ItemValue {
        Objects.requireNonNull(item, "item");
        item = retag(item, Tag.ATTRIBUTE_VALUE);
    }

    public static ItemValue of(Ttlv item) {
        return new ItemValue(item);
    }

    @Override
    public Ttlv toTtlv(int tag) {
        return retag(item, tag);
    }

    /** The same item with another tag. */
    static Ttlv retag(Ttlv item, int tag) {
        if (item.tag() == tag) {
            return item;
        }
        if (item instanceof Ttlv.Structure s) {
            return Ttlv.structure(tag, s.children());
        } else if (item instanceof Ttlv.IntegerItem i) {
            return Ttlv.integer(tag, i.value());
        } else if (item instanceof Ttlv.LongInteger l) {
            return Ttlv.longInteger(tag, l.value());
        } else if (item instanceof Ttlv.BigInt b) {
            return new Ttlv.BigInt(tag, b.encoded());
        } else if (item instanceof Ttlv.Enumeration e) {
            return Ttlv.enumeration(tag, e.value());
        } else if (item instanceof Ttlv.BooleanItem b) {
            return Ttlv.bool(tag, b.value());
        } else if (item instanceof Ttlv.TextString t) {
            return Ttlv.text(tag, t.value());
        } else if (item instanceof Ttlv.ByteString b) {
            return Ttlv.bytes(tag, b.value());
        } else if (item instanceof Ttlv.DateTime d) {
            return Ttlv.dateTime(tag, d.epochSeconds());
        } else if (item instanceof Ttlv.Interval i) {
            return Ttlv.interval(tag, i.seconds());
        } else if (item instanceof Ttlv.DateTimeExtended d) {
            return Ttlv.dateTimeExtended(tag, d.epochMicros());
        }
        throw new IllegalArgumentException("unknown TTLV item " + item.getClass());
    }
}
