package dev.snpkm.server.wrap;

import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/**
 * The curves a wrapping public key may use for ECDH key wrapping (docs/KEY-WRAPPING.md): NIST P-256 and P-384, with
 * their security strength (NIST SP 800-57 Part 1 Rev. 5, Table 2).
 */
public enum EcdhCurve {
    P_256("P-256", SECObjectIdentifiers.secp256r1, 128),
    P_384("P-384", SECObjectIdentifiers.secp384r1, 192);

    private final String displayName;
    private final ECNamedDomainParameters domain;
    private final int securityBits;

    EcdhCurve(String displayName, ASN1ObjectIdentifier oid, int securityBits) {
        this.displayName = displayName;
        this.securityBits = securityBits;
        // BC's custom curve classes (specialised field arithmetic) are several times faster than the generic Fp
        // curve ECNamedCurveTable gives; same curve, same points.
        this.domain = new ECNamedDomainParameters(oid, CustomNamedCurves.getByOID(oid));
    }

    /** The curve with this namedCurve OID, if it is one we wrap to. */
    public static Optional<EcdhCurve> of(ASN1ObjectIdentifier oid) {
        return Arrays.stream(values())
                .filter(c -> c.domain.getName().equals(oid))
                .findFirst();
    }

    /** The curve of an id-ecPublicKey SPKI with a namedCurve parameter, if it is one we wrap to. */
    public static Optional<EcdhCurve> of(SubjectPublicKeyInfo spki) {
        return spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid ? of(oid) : Optional.empty();
    }

    /** A name for an error message: the curve's SEC/NIST name or its OID. */
    public static String describe(SubjectPublicKeyInfo spki) {
        if (spki.getAlgorithm().getParameters() instanceof ASN1ObjectIdentifier oid) {
            String name = ECNamedCurveTable.getName(oid);
            return name != null ? name : oid.getId();
        }
        return "explicit curve parameters";
    }

    public ECNamedDomainParameters domain() {
        return domain;
    }

    /** The curve's security strength in bits: half its order's size. */
    public int securityBits() {
        return securityBits;
    }

    /** Length of a field element, hence of the shared secret Z and of each coordinate. */
    public int fieldBytes() {
        return (domain.getCurve().getFieldSize() + 7) / 8;
    }

    @Override
    public String toString() {
        return displayName;
    }
}
