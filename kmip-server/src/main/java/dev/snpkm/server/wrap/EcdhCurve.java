package dev.snpkm.server.wrap;

import dev.snpkm.kmip.wrap.EcdhWrapCurve;
import java.util.Arrays;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.ECNamedCurveTable;
import org.bouncycastle.crypto.ec.CustomNamedCurves;
import org.bouncycastle.crypto.params.ECNamedDomainParameters;

/**
 * The curves a wrapping public key may use for ECDH key wrapping (docs/KEY-WRAPPING.md): NIST P-256 and P-384, the
 * facts of {@link EcdhWrapCurve} with Bouncy Castle's domain parameters.
 */
public enum EcdhCurve {
    P_256(EcdhWrapCurve.P_256),
    P_384(EcdhWrapCurve.P_384);

    private final EcdhWrapCurve facts;
    private final ECNamedDomainParameters domain;

    EcdhCurve(EcdhWrapCurve facts) {
        this.facts = facts;
        ASN1ObjectIdentifier oid = new ASN1ObjectIdentifier(facts.oid());
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

    /** The curve's security strength in bits. */
    public int securityBits() {
        return facts.securityBits();
    }

    /** Length of a field element, hence of the shared secret Z and of each coordinate. */
    public int fieldBytes() {
        return facts.fieldBytes();
    }

    @Override
    public String toString() {
        return facts.toString();
    }
}
