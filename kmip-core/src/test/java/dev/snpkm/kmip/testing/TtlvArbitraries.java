package dev.snpkm.kmip.testing;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.registry.TagInfo;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.math.BigInteger;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/** jqwik generators for random TTLV trees: all eleven types, spec, extension and unknown tags, nested Structures. */
public final class TtlvArbitraries {
    /** 0001-01-01T00:00:00Z .. 9999-12-31T23:59:59Z: what xsd:dateTime renders with a four-digit year. */
    private static final long MIN_DATE_TIME = -62_135_596_800L;

    private static final long MAX_DATE_TIME = 253_402_300_799L;

    private TtlvArbitraries() {}

    /** Trees up to {@code depth} levels of Structure. */
    public static Arbitrary<Ttlv> trees(int depth) {
        if (depth == 0) {
            return scalars();
        }
        Arbitrary<Ttlv> structure = Combinators.combine(
                        tags(), trees(depth - 1).list().ofMaxSize(5))
                .as(Ttlv::structure);
        return Arbitraries.frequencyOf(Tuple.of(3, scalars()), Tuple.of(2, structure));
    }

    /** Spec tags (so enumeration and mask naming is exercised), the extension range and any other 3-byte tag. */
    public static Arbitrary<Integer> tags() {
        List<Integer> spec =
                KmipRegistry.get().tags().stream().map(TagInfo::value).toList();
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of(spec)),
                Tuple.of(2, Arbitraries.integers().between(0x540000, 0x54FFFF)),
                Tuple.of(1, Arbitraries.integers().between(0, 0xFFFFFF)));
    }

    public static Arbitrary<Ttlv> scalars() {
        Arbitrary<Integer> tag = tags();
        Arbitrary<Integer> anyInt = Arbitraries.integers()
                .between(Integer.MIN_VALUE, Integer.MAX_VALUE)
                .edgeCases(c -> c.add(0x80000001, 0x8FFFFFFF, 0x0C));
        Arbitrary<Long> anyLong = Arbitraries.longs();
        return Arbitraries.oneOf(List.of(
                Combinators.combine(tag, anyInt).as(Ttlv::integer),
                Combinators.combine(tag, anyLong).as(Ttlv::longInteger),
                Combinators.combine(
                                tag,
                                Arbitraries.bigIntegers()
                                        .between(BigInteger.TWO.pow(300).negate(), BigInteger.TWO.pow(300)))
                        .as(Ttlv::bigInteger),
                Combinators.combine(tag, anyInt).as(Ttlv::enumeration),
                Combinators.combine(tag, Arbitraries.of(true, false)).as(Ttlv::bool),
                Combinators.combine(tag, texts()).as(Ttlv::text),
                Combinators.combine(tag, Arbitraries.bytes().array(byte[].class).ofMaxSize(40))
                        .as(Ttlv::bytes),
                Combinators.combine(tag, Arbitraries.longs().between(MIN_DATE_TIME, MAX_DATE_TIME))
                        .as(Ttlv::dateTime),
                Combinators.combine(tag, Arbitraries.longs().between(0, 0xFFFF_FFFFL))
                        .as(Ttlv::interval),
                Combinators.combine(tag, anyLong).as(Ttlv::dateTimeExtended)));
    }

    /**
     * Text any of the three encodings can carry: valid UTF-16 (no lone surrogates, which UTF-8 cannot encode) and no
     * C0 controls other than tab, CR and LF (XML 1.0 cannot carry them).
     */
    public static Arbitrary<String> texts() {
        return Arbitraries.strings()
                .withChars('\t', '\n', '\r', '"', '&', '<', '\\')
                .withCharRange(' ', '~')
                .withCharRange('\u00A0', '\uD7FF')
                .withCharRange('\uE000', '\uFFFD')
                .ofMaxLength(20);
    }
}
