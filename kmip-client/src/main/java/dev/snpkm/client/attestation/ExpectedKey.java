package dev.snpkm.client.attestation;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.types.Secret;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The one kind of key a caller will use from a release ({@link AttestedKeyFetcher#fetchAttested(String, ExpectedKey)}):
 * a released object of another type, algorithm or length is destroyed and refused, never returned. A disk unlocker asks
 * for {@link #AES}: it enrolls the key behind a cheap PBKDF because the key is at least 128 random bits, so a shorter
 * or other secret bound by mistake (a password, a test key of a few bytes) would make that keyslot brute-forceable.
 *
 * @param bits the lengths the material may have (one of them exactly), which the Key Block's Cryptographic Length must
 *     not contradict
 */
public record ExpectedKey(ObjectType objectType, CryptographicAlgorithm algorithm, List<Integer> bits) {
    /**
     * An AES Symmetric Key of 128, 192 or 256 bits: what {@code kmipctl keys create --length} makes (256 by default),
     * each too many random bits to guess behind any PBKDF.
     */
    public static final ExpectedKey AES =
            new ExpectedKey(ObjectType.SYMMETRIC_KEY, CryptographicAlgorithm.AES, List.of(128, 192, 256));

    public ExpectedKey {
        Objects.requireNonNull(objectType, "objectType");
        Objects.requireNonNull(algorithm, "algorithm");
        bits = List.copyOf(bits);
        if (bits.isEmpty() || bits.stream().anyMatch(b -> b <= 0 || b % 8 != 0)) {
            throw new IllegalArgumentException("key lengths are positive numbers of bytes, not " + bits + " bits");
        }
    }

    /** The released material if the key is of this kind; otherwise the material is destroyed and the key refused. */
    Secret require(String uid, ReleasedKey released) throws UnsuitableKeyException {
        EnumCode<CryptographicAlgorithm> declaredAlgorithm = released.algorithm();
        Integer declaredBits = released.declaredBits();
        Secret material = released.material();
        if (released.objectType() == objectType
                && declaredAlgorithm != null
                && declaredAlgorithm.is(algorithm)
                && bits.contains(material.length() * 8)
                && (declaredBits == null || declaredBits == material.length() * 8)) {
            return material;
        }
        material.destroy();
        throw new UnsuitableKeyException(uid, describe(released), toString());
    }

    /** For example "Secret Data of 32 bits" or "AES Symmetric Key of 8 bits"; never the material. */
    private static String describe(ReleasedKey released) {
        @Nullable EnumCode<CryptographicAlgorithm> alg = released.algorithm();
        Integer declared = released.declaredBits();
        long bits = released.material().length() * 8L;
        return (alg == null ? "" : name(alg) + " ") + words(released.objectType()) + " of " + bits + " bits"
                + (declared == null || declared == bits ? "" : " (declared " + declared + ")");
    }

    /** "AES Symmetric Key of 128, 192 or 256 bits". */
    @Override
    public String toString() {
        String lengths = bits.size() == 1
                ? bits.get(0).toString()
                : bits.subList(0, bits.size() - 1).stream().map(String::valueOf).collect(Collectors.joining(", "))
                        + " or " + bits.get(bits.size() - 1);
        return algorithm.name() + " " + words(objectType) + " of " + lengths + " bits";
    }

    private static String name(EnumCode<CryptographicAlgorithm> code) {
        return code.known().map(Enum::name).orElse(String.format("algorithm 0x%08X", code.value()));
    }

    /** SECRET_DATA -> "Secret Data". */
    private static String words(ObjectType type) {
        StringBuilder out = new StringBuilder();
        for (String word : type.name().split("_")) {
            out.append(out.length() == 0 ? "" : " ")
                    .append(word.charAt(0))
                    .append(word.substring(1).toLowerCase(Locale.ROOT));
        }
        return out.toString();
    }
}
