package dev.snpkm.server.cryptoservice;

/**
 * Arithmetic in GF(2^8) with the AES reduction polynomial x^8 + x^4 + x^3 + x + 1 (0x11B; FIPS 197 §4.2), the field
 * KMIP names for Split Key Method "Polynomial Sharing GF(2^8)" (KMIP 1.2+). Addition is XOR. Multiplication runs the
 * same eight steps whatever its operands (no table lookups indexed by secret bytes, no branches on them).
 */
final class Gf256 {
    private static final int REDUCTION = 0x11B;

    private Gf256() {}

    /** a · b, both in 0..255. */
    static int mul(int a, int b) {
        int product = 0;
        int x = a & 0xFF;
        int y = b & 0xFF;
        for (int i = 0; i < 8; i++) {
            product ^= -(y & 1) & x;
            x = ((x << 1) ^ (-((x >> 7) & 1) & REDUCTION)) & 0xFF;
            y >>= 1;
        }
        return product;
    }

    /** a⁻¹ = a^254 (the multiplicative group has order 255); 0 maps to 0. */
    static int inverse(int a) {
        int result = 1;
        int power = a & 0xFF;
        for (int e = 254; e != 0; e >>= 1) {
            if ((e & 1) != 0) { // the exponent is public: the branch depends on it only
                result = mul(result, power);
            }
            power = mul(power, power);
        }
        return result;
    }
}
