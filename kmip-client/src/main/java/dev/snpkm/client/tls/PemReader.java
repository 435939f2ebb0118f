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
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads certificates and PKCS#8 private keys from PEM files with the JDK alone (no Bouncy Castle: the client runs in
 * an initramfs). Legacy OpenSSL key formats are refused with the command that converts them.
 */
public final class PemReader {
    private static final Pattern PRIVATE_KEY =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");
    private static final Pattern LEGACY_KEY = Pattern.compile("-----BEGIN (RSA|EC|DSA|ENCRYPTED) PRIVATE KEY-----");

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

    /** The unencrypted PKCS#8 private key ("BEGIN PRIVATE KEY") in the file, RSA or EC. */
    public static PrivateKey privateKey(Path pem) throws TlsConfigurationException {
        byte[] bytes = read(pem, "private key");
        String text = new String(bytes, StandardCharsets.US_ASCII);
        Arrays.fill(bytes, (byte) 0);
        Matcher legacy = LEGACY_KEY.matcher(text);
        if (legacy.find()) {
            throw new TlsConfigurationException(pem + " holds a " + legacy.group(1) + " key in a legacy format; "
                    + "convert it to unencrypted PKCS#8 with: openssl pkcs8 -topk8 -nocrypt -in " + pem
                    + " -out key-pkcs8.pem");
        }
        Matcher m = PRIVATE_KEY.matcher(text);
        if (!m.find()) {
            throw new TlsConfigurationException(pem + " holds no '-----BEGIN PRIVATE KEY-----' block (PKCS#8 PEM)");
        }
        byte[] der = Base64.getMimeDecoder().decode(m.group(1));
        try {
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
            Arrays.fill(der, (byte) 0);
        }
    }

    private static byte[] read(Path pem, String what) throws TlsConfigurationException {
        try {
            return Files.readAllBytes(pem);
        } catch (IOException e) {
            throw new TlsConfigurationException("cannot read " + what + " file " + pem + ": " + e, e);
        }
    }
}
