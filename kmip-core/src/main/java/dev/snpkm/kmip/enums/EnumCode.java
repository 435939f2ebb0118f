package dev.snpkm.kmip.enums;

import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * An enumeration value as it came off the wire: the raw 32-bit value, which may be an extension (0x8XXXXXXX) or a value
 * of a newer version that this model has no constant for, plus the constant when there is one. Server logic switches on
 * {@link #known()}; a value without a constant is still carried and re-encoded unchanged.
 */
public final class EnumCode<E extends Enum<E> & KmipEnum> {
    /** Each enum's constants, read once: {@code getEnumConstants()} clones the array on every call. */
    private static final ClassValue<Object[]> CONSTANTS = new ClassValue<>() {
        @Override
        protected Object[] computeValue(Class<?> type) {
            return type.getEnumConstants();
        }
    };

    private final Class<E> type;
    private final int value;
    private final @Nullable E constant;

    private EnumCode(Class<E> type, int value, @Nullable E constant) {
        this.type = Objects.requireNonNull(type, "type");
        this.value = value;
        this.constant = constant;
    }

    public static <E extends Enum<E> & KmipEnum> EnumCode<E> of(E constant) {
        return new EnumCode<>(constant.getDeclaringClass(), constant.value(), constant);
    }

    /** The code for a raw wire value; the constant is looked up, and absent if the model does not know the value. */
    public static <E extends Enum<E> & KmipEnum> EnumCode<E> of(Class<E> type, int value) {
        @Nullable E match = null;
        for (Object c : CONSTANTS.get(type)) {
            if (((KmipEnum) c).value() == value) {
                match = type.cast(c);
                break;
            }
        }
        return new EnumCode<>(type, value, match);
    }

    public Class<E> type() {
        return type;
    }

    /** The raw wire value. */
    public int value() {
        return value;
    }

    public Optional<E> known() {
        return Optional.ofNullable(constant);
    }

    /** Whether this is exactly the given constant. */
    public boolean is(E other) {
        return constant == other;
    }

    /** Extension values have 8 in the first nibble (KMIP 2.1 §11). */
    public boolean isExtension() {
        return (value & 0xF000_0000) == 0x8000_0000;
    }

    @Override
    public boolean equals(@Nullable Object o) {
        return o instanceof EnumCode<?> c && c.type == type && c.value == value;
    }

    @Override
    public int hashCode() {
        return type.hashCode() * 31 + value;
    }

    @Override
    public String toString() {
        return constant != null ? constant.name() : type.getSimpleName() + "(0x" + String.format("%08X", value) + ")";
    }
}
