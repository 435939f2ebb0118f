package dev.snpkm.client.tls;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.Collection;
import java.util.List;

/**
 * Reads certificates and PKCS#8 private keys from PEM files with the JDK alone (no Bouncy Castle: the client runs in
 * an initramfs). Legacy OpenSSL key formats are refused with the command that converts them.
 */
public final class PemReader {
    private static final byte[] BEGIN_KEY = ascii("-----BEGIN PRIVATE KEY-----");
    private static final byte[] END_KEY = ascii("-----END PRIVATE KEY-----");
    private static final List<String> LEGACY_KEYS = List.of("RSA", "EC", "DSA", "ENCRYPTED");

    private PemReader() {}

    /** Every certificate in the file, in file order (a CA bundle, or a leaf followed by its intermediates). */
    public static List<X509Certificate> certificates(Path pem) throws TlsConfigurationException {
        byte[] bytes = read(pem, "certificate");
        try {
            CertificateFactory cf = CertificateFactory.getInstance("X.509");
            Collection<? extends Certificate> certs = cf.generateCertificates(new ByteArrayInputStream(bytes));
            List<X509Certificate> out = new ArrayList<>();
            for (Certificate c : certs) {
                out.add((X509Certificate) c);
            }
            if (out.isEmpty()) {
                throw new TlsConfigurationException(
                        pem + " holds no PEM certificate; expected " + "'-----BEGIN CERTIFICATE-----' blocks");
            }
            return out;
        } catch (CertificateException e) {
            throw new TlsConfigurationException(pem + " is not a PEM certificate file: " + e.getMessage(), e);
        }
    }

    /**
     * The unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY") in the file, RSA or EC. The key is read as bytes and
     * never as a String, so every copy of it can be zeroed (a String's cannot).
     */
    public static PrivateKey privateKey(Path pem) throws TlsConfigurationException {
        byte[] bytes = read(pem, "private key");
        byte[] base64 = new byte[0];
        byte[] der = new byte[0];
        try {
            for (String legacy : LEGACY_KEYS) {
                if (indexOf(bytes, ascii("-----BEGIN " + legacy + " PRIVATE KEY-----"), 0) >= 0) {
                    throw new TlsConfigurationException(pem + " holds a " + legacy + " key in a legacy format; "
                            + "convert it to unencrypted PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + pem
                            + " -out key-pkcs8.pem");
                }
            }
            int begin = indexOf(bytes, BEGIN_KEY, 0);
            int end = begin < 0 ? -1 : indexOf(bytes, END_KEY, begin + BEGIN_KEY.length);
            if (end < 0) {
                throw new TlsConfigurationException(pem + " holds no '-----BEGIN PRIVATE KEY-----' block (PKCS#8 PEM)");
            }
            base64 = Arrays.copyOfRange(bytes, begin + BEGIN_KEY.length, end);
            try {
                der = Base64.getMimeDecoder().decode(base64);
            } catch (IllegalArgumentException e) {
                throw new TlsConfigurationException(pem + ": the private key block is not Base64: " + e.getMessage());
            }
            PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
            // PKCS#8 names the algorithm inside; trying the two we support is simpler than parsing the DER.
            for (String algorithm : List.of("RSA", "EC")) {
                try {
                    return KeyFactory.getInstance(algorithm).generatePrivate(spec);
                } catch (GeneralSecurityException wrongAlgorithm) {
                    // try the next one
                }
            }
            throw new TlsConfigurationException(pem + " is not an RSA or EC PKCS#8 private key");
        } finally {
            Arrays.fill(bytes, (byte) 0);
            Arrays.fill(base64, (byte) 0);
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] ascii(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** The first index of needle in haystack at or after from, or -1. */
    private static int indexOf(byte[] haystack, byte[] needle, int from) {
        outer:
        for (int i = from; i <= haystack.length - needle.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (haystack[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }

    private static byte[] read(Path pem, String what) throws TlsConfigurationException {
        try {
            return Files.readAllBytes(pem);
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot read " + what + " file " + pem + ": " + e, e);
        }
    }
}
