package dev.snpkm.kmip.enums;

import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** Wire value to constant lookup for one generated enum. */
final class EnumIndex<E extends Enum<E> & KmipEnum> {
    private final E[] constants;
    private final Map<Integer, E> byValue;

    EnumIndex(E[] constants) {
        this.constants = constants.clone();
        this.byValue = Stream.of(constants).collect(Collectors.toUnmodifiableMap(KmipEnum::value, Function.identity()));
    }

    Optional<E> find(int value) {
        return Optional.ofNullable(byValue.get(value));
    }

    Set<E> bitsOf(int mask) {
        Set<E> out = new LinkedHashSet<>();
        for (E c : constants) {
            if ((mask & c.value()) == c.value()) {
                out.add(c);
            }
        }
        return Collections.unmodifiableSet(out);
    }
}
