package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.SigningKey;
import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.AsymmetricKeyParameter;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;
import org.bouncycastle.crypto.util.PublicKeyFactory;
import org.jspecify.annotations.Nullable;

/** Parses a VCEK/VLEK certificate (DER or PEM) and its AMD extensions (KDS spec 57230). Thread-safe. */
public final class VekCertificateParser {
    static final ASN1ObjectIdentifier AMD_ARC = new ASN1ObjectIdentifier("1.3.6.1.4.1.3704.1");
    public static final ASN1ObjectIdentifier STRUCT_VERSION = AMD_ARC.branch("1");
    public static final ASN1ObjectIdentifier PRODUCT_NAME = AMD_ARC.branch("2");
    public static final ASN1ObjectIdentifier TCB_ARC = AMD_ARC.branch("3");
    public static final ASN1ObjectIdentifier HW_ID = AMD_ARC.branch("4");
    public static final ASN1ObjectIdentifier CSP_ID = AMD_ARC.branch("5");

    private VekCertificateParser() {}

    public static VekCertificate parse(byte[] derOrPem) throws CertificateProblem {
        return parse(CertificateDecoder.certificate(derOrPem));
    }

    public static VekCertificate parse(X509CertificateHolder cert) throws CertificateProblem {
        if (cert.toASN1Structure().getVersionNumber() != 3) {
            throw new CertificateProblem("VEK certificate is not X.509 v3");
        }
        String cn = AmdNames.commonName(cert.getSubject()).orElse("");
        SigningKey kind;
        if (cn.equals(AmdNames.VCEK_CN)) {
            kind = SigningKey.VCEK;
        } else if (cn.equals(AmdNames.VLEK_CN)) {
            kind = SigningKey.VLEK;
        } else {
            throw new CertificateProblem("certificate subject CN '" + cn + "' is neither SEV-VCEK nor SEV-VLEK");
        }
        ECPublicKeyParameters key = p384Key(cert);
        int structVersion = integerExtension(cert, STRUCT_VERSION, "structVersion");
        String productName = ia5Extension(cert, PRODUCT_NAME)
                .orElseThrow(() -> new CertificateProblem("VEK certificate lacks the productName extension"));
        Map<Integer, Integer> spls = new HashMap<>();
        for (int arc = 1; arc <= 9; arc++) {
            if (cert.getExtension(TCB_ARC.branch(Integer.toString(arc))) != null) {
                int v = integerExtension(cert, TCB_ARC.branch(Integer.toString(arc)), "SPL " + arc);
                if (v < 0 || v > 255) {
                    throw new CertificateProblem("VEK SPL extension ." + arc + " is out of range: " + v);
                }
                spls.put(arc, v);
            }
        }
        for (int required : new int[] {
            VekCertificate.SPL_BOOT_LOADER, VekCertificate.SPL_TEE, VekCertificate.SPL_SNP, VekCertificate.SPL_MICROCODE
        }) {
            if (!spls.containsKey(required)) {
                throw new CertificateProblem("VEK certificate lacks TCB extension 1.3.6.1.4.1.3704.1.3." + required);
            }
        }
        Optional<HexBytes> hwId = hwId(cert);
        Optional<String> cspId = ia5Extension(cert, CSP_ID);
        // A VCEK is chip-bound (hwID); a VLEK is CSP-bound (CSP_ID). Both or the wrong one is malformed (go-sev-guest
        // kds).
        if (kind == SigningKey.VCEK && (hwId.isEmpty() || cspId.isPresent())) {
            throw new CertificateProblem("VCEK certificate must carry hwID and no CSP_ID");
        }
        if (kind == SigningKey.VLEK && (cspId.isEmpty() || hwId.isPresent())) {
            throw new CertificateProblem("VLEK certificate must carry CSP_ID and no hwID");
        }
        return new VekCertificate(
                cert, kind, structVersion, productName, spls, hwId, cspId, key, HexBytes.of(sha256(cert)));
    }

    private static ECPublicKeyParameters p384Key(X509CertificateHolder cert) throws CertificateProblem {
        var spki = cert.getSubjectPublicKeyInfo();
        if (!X9ObjectIdentifiers.id_ecPublicKey.equals(spki.getAlgorithm().getAlgorithm())
                || !SECObjectIdentifiers.secp384r1.equals(spki.getAlgorithm().getParameters())) {
            throw new CertificateProblem("VEK public key is not an ECDSA P-384 (secp384r1) key");
        }
        try {
            AsymmetricKeyParameter k = PublicKeyFactory.createKey(spki);
            return (ECPublicKeyParameters) k;
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("VEK public key is invalid: " + e.getMessage(), e);
        }
    }

    private static byte @Nullable [] extnValue(X509CertificateHolder cert, ASN1ObjectIdentifier oid) {
        Extension e = cert.getExtension(oid);
        return e == null ? null : e.getExtnValue().getOctets();
    }

    private static int integerExtension(X509CertificateHolder cert, ASN1ObjectIdentifier oid, String name)
            throws CertificateProblem {
        byte[] v = extnValue(cert, oid);
        if (v == null) {
            throw new CertificateProblem("VEK certificate lacks the " + name + " extension (" + oid + ")");
        }
        try {
            return ASN1Integer.getInstance(ASN1Primitive.fromByteArray(v)).intValueExact();
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("VEK extension " + name + " (" + oid + ") is not a DER INTEGER");
        }
    }

    private static Optional<String> ia5Extension(X509CertificateHolder cert, ASN1ObjectIdentifier oid)
            throws CertificateProblem {
        byte[] v = extnValue(cert, oid);
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(
                    ASN1IA5String.getInstance(ASN1Primitive.fromByteArray(v)).getString());
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("VEK extension " + oid + " is not a DER IA5String");
        }
    }

    /**
     * hwID is stored as raw bytes without an ASN.1 tag (as AMD KDS issues it). Take it as is when it has a valid
     * length (64, or 8 on Turin); only otherwise try unwrapping a DER OCTET STRING. Never choose the branch
     * by sniffing the first byte (snpguest issue #38).
     */
    private static Optional<HexBytes> hwId(X509CertificateHolder cert) throws CertificateProblem {
        byte[] v = extnValue(cert, HW_ID);
        if (v == null) {
            return Optional.empty();
        }
        if (v.length == 64 || v.length == 8) {
            return Optional.of(HexBytes.of(v));
        }
        try {
            byte[] inner =
                    ASN1OctetString.getInstance(ASN1Primitive.fromByteArray(v)).getOctets();
            if (inner.length == 64 || inner.length == 8) {
                return Optional.of(HexBytes.of(inner));
            }
        } catch (IOException | RuntimeException e) {
            // fall through to the error below
        }
        throw new CertificateProblem("VEK hwID extension has " + v.length + " bytes; expected 64 (or 8 on Turin)");
    }

    private static byte[] sha256(X509CertificateHolder cert) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
        } catch (NoSuchAlgorithmException | IOException e) {
            throw new IllegalStateException("cannot hash certificate", e);
        }
    }
}
