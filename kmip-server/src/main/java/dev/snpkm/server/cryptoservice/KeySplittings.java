package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import java.util.Map;

/**
 * The Split Key Methods this server splits and joins: XOR and Polynomial Sharing GF(2^8). Polynomial Sharing GF(2^16)
 * and Prime Field are refused (Feature Not Supported): GF(2^8) already gives any threshold up to 255 parts, and the
 * prime field's arithmetic on {@link java.math.BigInteger} leaves copies of the secret that cannot be zeroed.
 */
public final class KeySplittings {
    private static final Map<SplitKeyMethod, KeySplitting> METHODS = Map.of(
            SplitKeyMethod.XOR, new XorSplitting(),
            SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8, new ShamirGf256Splitting());

    private KeySplittings() {}

    public static KeySplitting of(EnumCode<SplitKeyMethod> method) {
        KeySplitting s = method.known().map(METHODS::get).orElse(null);
        if (s == null) {
            throw ServiceRefusals.unsupported("Split Key Method " + method
                    + " is not supported; this server splits with XOR and Polynomial Sharing GF(2^8)");
        }
        return s;
    }
}
