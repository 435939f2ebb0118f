package dev.snpkm.sev.cert;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1InputStream;
import org.bouncycastle.asn1.ASN1Primitive;
import org.bouncycastle.asn1.x509.Certificate;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.openssl.PEMParser;

/**
 * Reads X.509 certificates and CRLs given as DER or PEM. Hosts put either form into the GHCB certificate
 * table (real hosts have been seen putting PEM there), so every entry point accepts both.
 */
public final class CertificateDecoder {

    private CertificateDecoder() {}

    public static boolean looksLikePem(byte[] bytes) {
        int i = 0;
        while (i < bytes.length && Character.isWhitespace(bytes[i])) {
            i++;
        }
        byte[] marker = "-----BEGIN".getBytes(StandardCharsets.US_ASCII);
        if (bytes.length - i < marker.length) {
            return false;
        }
        for (int k = 0; k < marker.length; k++) {
            if (bytes[i + k] != marker[k]) {
                return false;
            }
        }
        return true;
    }

    /** Exactly one certificate, DER or PEM. Trailing zero padding after DER is tolerated (table entries are often padded). */
    public static X509CertificateHolder certificate(byte[] derOrPem) throws CertificateProblem {
        List<X509CertificateHolder> all = certificates(derOrPem);
        if (all.size() != 1) {
            throw new CertificateProblem("expected one certificate, found " + all.size());
        }
        return all.get(0);
    }

    /** All certificates in a PEM bundle, or the single certificate of a DER blob. */
    public static List<X509CertificateHolder> certificates(byte[] derOrPem) throws CertificateProblem {
        if (derOrPem == null || derOrPem.length == 0) {
            throw new CertificateProblem("empty certificate");
        }
        if (looksLikePem(derOrPem)) {
            List<X509CertificateHolder> out = new ArrayList<>();
            for (Object o : pemObjects(derOrPem)) {
                if (o instanceof X509CertificateHolder h) {
                    out.add(h);
                }
            }
            return out;
        }
        return List.of(new X509CertificateHolder(Certificate.getInstance(singleDerObject(derOrPem))));
    }

    public static X509CRLHolder crl(byte[] derOrPem) throws CertificateProblem {
        if (derOrPem == null || derOrPem.length == 0) {
            throw new CertificateProblem("empty CRL");
        }
        if (looksLikePem(derOrPem)) {
            for (Object o : pemObjects(derOrPem)) {
                if (o instanceof X509CRLHolder c) {
                    return c;
                }
            }
            throw new CertificateProblem("PEM data holds no X509 CRL");
        }
        try {
            return new X509CRLHolder(singleDerObject(derOrPem).getEncoded());
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("not a DER X.509 CRL: " + e.getMessage(), e);
        }
    }

    private static ASN1Primitive singleDerObject(byte[] der) throws CertificateProblem {
        try (ASN1InputStream in = new ASN1InputStream(der)) {
            ASN1Primitive obj = in.readObject();
            if (obj == null) {
                throw new CertificateProblem("not DER: no ASN.1 object");
            }
            int consumed = obj.getEncoded().length;
            for (int i = consumed; i < der.length; i++) {
                if (der[i] != 0) {
                    throw new CertificateProblem("unexpected data after the DER object at byte " + i);
                }
            }
            return obj;
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("not a DER certificate: " + e.getMessage(), e);
        }
    }

    private static List<Object> pemObjects(byte[] pem) throws CertificateProblem {
        List<Object> out = new ArrayList<>();
        try (Reader r = new InputStreamReader(new ByteArrayInputStream(stripNuls(pem)), StandardCharsets.US_ASCII);
                PEMParser parser = new PEMParser(r)) {
            Object o;
            while ((o = parser.readObject()) != null) {
                out.add(o);
            }
        } catch (IOException | RuntimeException e) {
            throw new CertificateProblem("malformed PEM: " + e.getMessage(), e);
        }
        return out;
    }

    private static byte[] stripNuls(byte[] bytes) {
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] == 0) {
            end--;
        }
        return java.util.Arrays.copyOf(bytes, end);
    }
}
