package dev.snpkm.kmip.wrap;

/**
 * The curves of the ECDH + AES key wrap route (docs/KEY-WRAPPING.md), in one table for the key manager that wraps and
 * the guest that unwraps; each side adds its own library's parameters to these facts (Bouncy Castle's on the server,
 * the JDK's in the guest). Security strength after NIST SP 800-57 Part 1 Rev. 5, Table 2.
 */
public enum EcdhWrapCurve {
    P_256("P-256", "secp256r1", "1.2.840.10045.3.1.7", 32, 128),
    P_384("P-384", "secp384r1", "1.3.132.0.34", 48, 192);

    private final String displayName;
    private final String secName;
    private final String oid;
    private final int fieldBytes;
    private final int securityBits;

    EcdhWrapCurve(String displayName, String secName, String oid, int fieldBytes, int securityBits) {
        this.displayName = displayName;
        this.secName = secName;
        this.oid = oid;
        this.fieldBytes = fieldBytes;
        this.securityBits = securityBits;
    }

    /** The SEC 2 name, which both the JDK and Bouncy Castle know the curve by. */
    public String secName() {
        return secName;
    }

    /** The namedCurve object identifier of a SubjectPublicKeyInfo on this curve, dotted. */
    public String oid() {
        return oid;
    }

    /** Length of a field element, hence of the shared secret Z and of each coordinate. */
    public int fieldBytes() {
        return fieldBytes;
    }

    /** Length of an uncompressed SEC1 point: 04 ‖ X ‖ Y. */
    public int pointBytes() {
        return 1 + 2 * fieldBytes;
    }

    /** The curve's security strength in bits: half its order's size. */
    public int securityBits() {
        return securityBits;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
