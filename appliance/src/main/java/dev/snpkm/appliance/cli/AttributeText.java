package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.ItemValue;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.CryptographicUsageMask;
import dev.snpkm.kmip.enums.KmipEnum;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;
import java.util.stream.Collectors;

/**
 * One attribute as an operator reads it in {@code keys show}: spec names for the enumerations an operator checks
 * (state, type, algorithm, usage), ISO-8601 dates, plain text; anything else falls back to the model's own text.
 * Attributes never carry key material, so nothing here can leak it.
 */
final class AttributeText {
    private AttributeText() {
    }

    static String of(Attribute a) {
        if (a.value() instanceof Name n) {
            return n.value();
        }
        if (!(a.value() instanceof ItemValue iv)) {
            return String.valueOf(a.value());
        }
        Ttlv item = iv.item();
        if (item instanceof Ttlv.TextString t) {
            return t.value();
        }
        if (item instanceof Ttlv.DateTime d) {
            return Instant.ofEpochSecond(d.epochSeconds()).toString();
        }
        if (item instanceof Ttlv.Enumeration e) {
            return switch (a.name()) {
                case AttributeNames.STATE -> spec(State::fromValue, e.value());
                case AttributeNames.OBJECT_TYPE -> spec(ObjectType::fromValue, e.value());
                case AttributeNames.CRYPTOGRAPHIC_ALGORITHM -> spec(CryptographicAlgorithm::fromValue, e.value());
                default -> "0x" + Integer.toHexString(e.value());
            };
        }
        if (item instanceof Ttlv.IntegerItem i) {
            return a.name().equals(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK) ? usage(i.value())
                    : Integer.toString(i.value());
        }
        return String.valueOf(item);
    }

    private static String spec(IntFunction<Optional<? extends KmipEnum>> lookup, int value) {
        return lookup.apply(value).map(KmipEnum::specName).orElse("0x" + Integer.toHexString(value));
    }

    private static String usage(int mask) {
        String names = Arrays.stream(CryptographicUsageMask.values()).filter(u -> (mask & u.value()) != 0)
                .map(CryptographicUsageMask::specName).collect(Collectors.joining("|"));
        return names.isEmpty() ? "0" : names;
    }
}
