package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.math.BigInteger;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The arithmetic of Adjust Attribute (KMIP 2.1 §6.1 "Adjust Attribute", Adjustment Type §11 enumeration): Increment
 * and Decrement add or subtract the Adjustment Value to a number (Integer, Long Integer, Big Integer, Interval) or to
 * a Date-Time (the value in seconds, as an Interval or integer); Negate flips a Boolean and negates a signed number.
 * An absent Adjustment Value counts as 0. Any other attribute type (text, enumeration, bytes, structure) is not
 * adjustable: Invalid Data Type; a result outside the attribute type's range is Numeric Range, never a silent wrap.
 */
public final class AttributeAdjustment {
    private static final BigInteger MAX_INTERVAL = BigInteger.valueOf(0xFFFF_FFFFL);
    private static final BigInteger MAX_LONG = BigInteger.valueOf(Long.MAX_VALUE);
    private static final BigInteger MIN_LONG = BigInteger.valueOf(Long.MIN_VALUE);
    private static final BigInteger MAX_INT = BigInteger.valueOf(Integer.MAX_VALUE);
    private static final BigInteger MIN_INT = BigInteger.valueOf(Integer.MIN_VALUE);

    private AttributeAdjustment() {}

    /** The attribute's new value, tagged as the current one. */
    public static Ttlv apply(String name, Ttlv current, AdjustmentType type, @Nullable Ttlv value) {
        if (current instanceof Ttlv.BooleanItem b) {
            if (type != AdjustmentType.NEGATE) {
                throw notAdjustable(name, "is a Boolean; only Negate applies");
            }
            requireNoValue(value);
            return Ttlv.bool(b.tag(), !b.value());
        }
        BigInteger number = number(current)
                .orElseThrow(() -> notAdjustable(name, "is a " + current.type() + ", not a number or date"));
        BigInteger result;
        if (type == AdjustmentType.NEGATE) {
            if (current instanceof Ttlv.Interval || current instanceof Ttlv.DateTime) {
                throw notAdjustable(name, "is a " + current.type() + ", which cannot be negated");
            }
            requireNoValue(value);
            result = number.negate();
        } else {
            BigInteger by = value == null ? BigInteger.ZERO : amount(value);
            result = type == AdjustmentType.INCREMENT ? number.add(by) : number.subtract(by);
        }
        return withValue(name, current, result);
    }

    public static KmipOperationException notAdjustable(String name, String why) {
        return new KmipOperationException(
                ResultReason.INVALID_DATA_TYPE, "attribute '" + name + "' " + why + ": it cannot be adjusted");
    }

    private static Optional<BigInteger> number(Ttlv t) {
        BigInteger n = null;
        if (t instanceof Ttlv.IntegerItem i) {
            n = BigInteger.valueOf(i.value());
        } else if (t instanceof Ttlv.LongInteger l) {
            n = BigInteger.valueOf(l.value());
        } else if (t instanceof Ttlv.BigInt b) {
            n = b.value();
        } else if (t instanceof Ttlv.Interval i) {
            n = BigInteger.valueOf(i.seconds());
        } else if (t instanceof Ttlv.DateTime d) {
            n = BigInteger.valueOf(d.epochSeconds());
        }
        return Optional.ofNullable(n);
    }

    /** The Adjustment Value: a number, or an Interval of seconds (a date's adjustment). */
    private static BigInteger amount(Ttlv value) {
        if (value instanceof Ttlv.DateTime) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "Adjustment Value must be a number or an Interval, not a Date-Time");
        }
        return number(value)
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Adjustment Value must be a number or an Interval, not a " + value.type()));
    }

    private static void requireNoValue(@Nullable Ttlv value) {
        if (value != null) {
            throw new KmipOperationException(ResultReason.INVALID_FIELD, "Negate takes no Adjustment Value");
        }
    }

    private static Ttlv withValue(String name, Ttlv current, BigInteger v) {
        int tag = current.tag();
        if (current instanceof Ttlv.IntegerItem) {
            return Ttlv.integer(tag, inRange(name, v, MIN_INT, MAX_INT).intValueExact());
        } else if (current instanceof Ttlv.LongInteger) {
            return Ttlv.longInteger(tag, inRange(name, v, MIN_LONG, MAX_LONG).longValueExact());
        } else if (current instanceof Ttlv.Interval) {
            return Ttlv.interval(
                    tag, inRange(name, v, BigInteger.ZERO, MAX_INTERVAL).longValueExact());
        } else if (current instanceof Ttlv.DateTime) {
            return Ttlv.dateTime(
                    tag, inRange(name, v, BigInteger.ZERO, MAX_LONG).longValueExact());
        }
        return Ttlv.BigInt.of(tag, v);
    }

    private static BigInteger inRange(String name, BigInteger v, BigInteger min, BigInteger max) {
        if (v.compareTo(min) < 0 || v.compareTo(max) > 0) {
            throw new KmipOperationException(
                    ResultReason.NUMERIC_RANGE,
                    "adjusting attribute '" + name + "' gives " + v + ", outside " + min + ".." + max);
        }
        return v;
    }
}
