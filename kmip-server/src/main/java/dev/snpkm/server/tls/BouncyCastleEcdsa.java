package dev.snpkm.server.tls;

import java.security.GeneralSecurityException;
import java.security.InvalidKeyException;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.asymmetric.ec.BCECPrivateKey;
import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;
import org.bouncycastle.jce.provider.BouncyCastleProvider;

/**
 * A JCA provider offering only Bouncy Castle's ECDSA signatures (SHA-256/384/512 with ECDSA), installed first so
 * that the JDK's TLS stack and certificate path validation sign and verify with them. Nothing else changes: key
 * exchange, ciphers, key stores and certificate parsing stay with the JDK's providers.
 *
 * <p>Why: a full mutual-TLS handshake costs the server one ECDSA signature (its CertificateVerify) and two ECDSA
 * verifications (the client's CertificateVerify and the CA's signature on the client certificate). JDK 17's SunEC
 * verifies a P-256 signature in ~1.1 ms of CPU, Bouncy Castle in ~0.2 ms with JDK keys (measured on the build VM,
 * docs/benchmarks/attested-release-v2.md); at a morning boot storm every VM pays a full handshake, and those
 * verifications were a third of the server's CPU. The signatures are the same standard ECDSA (FIPS 186-4), DER
 * encoded, interoperable both ways.
 *
 * <p>A JDK private key is signed with as Bouncy Castle's own key on the named curve (converted once, the last one
 * kept): Bouncy Castle caches its fixed-base precomputation on the named curve's generator, which a key converted
 * field by field would recompute at every signature (~0.4 instead of ~0.13 ms for P-256).
 */
public final class BouncyCastleEcdsa extends Provider {
    public static final String NAME = "SnpkmBouncyCastleEcdsa";
    private static final long serialVersionUID = 1L;

    /** JCA algorithm name → Bouncy Castle's implementation, with the OID alias the certificate code looks up. */
    private static final Map<String, Entry> SIGNATURES = Map.of(
            "SHA256withECDSA", new Entry("1.2.840.10045.4.3.2", Sha256::new),
            "SHA384withECDSA", new Entry("1.2.840.10045.4.3.3", Sha384::new),
            "SHA512withECDSA", new Entry("1.2.840.10045.4.3.4", Sha512::new));
    private static final Provider BOUNCY_CASTLE = new BouncyCastleProvider();
    /** The last private key converted: a server signs with one key (its certificate's) at every handshake. */
    private static volatile Converted lastConverted;

    private record Entry(String oid, Supplier<SignatureSpi> factory) {
    }

    private record Converted(PrivateKey from, PrivateKey to) {
    }

    private static final class Sha256 extends SignatureSpi.ecDSA256 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(onNamedCurve(key));
        }
    }

    private static final class Sha384 extends SignatureSpi.ecDSA384 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(onNamedCurve(key));
        }
    }

    private static final class Sha512 extends SignatureSpi.ecDSA512 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            super.engineInitSign(onNamedCurve(key));
        }
    }

    /** The key as Bouncy Castle's, on its named curve; a key that is not PKCS#8-encodable is passed on as it is. */
    static PrivateKey onNamedCurve(PrivateKey key) throws InvalidKeyException {
        if (key instanceof BCECPrivateKey) {
            return key;
        }
        Converted last = lastConverted;
        if (last != null && last.from() == key) {
            return last.to();
        }
        byte[] pkcs8 = key.getEncoded();
        if (pkcs8 == null) {
            return key; // not extractable (a hardware token's): Bouncy Castle refuses it and JCA moves to SunEC
        }
        try {
            PrivateKey converted = KeyFactory.getInstance("EC", BOUNCY_CASTLE)
                    .generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
            lastConverted = new Converted(key, converted);
            return converted;
        } catch (GeneralSecurityException e) {
            throw new InvalidKeyException("cannot use this EC private key for ECDSA: " + e.getMessage(), e);
        } finally {
            Arrays.fill(pkcs8, (byte) 0);
        }
    }

    private BouncyCastleEcdsa() {
        super(NAME, "1.0", "Bouncy Castle ECDSA signatures, ahead of SunEC for TLS handshakes");
        SIGNATURES.forEach((name, entry) -> putService(new Service(this, "Signature", name,
                entry.factory().get().getClass().getName(), List.of("OID." + entry.oid(), entry.oid()),
                Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey|java.security.interfaces"
                        + ".ECPrivateKey")) {
            @Override
            public Object newInstance(Object constructorParameter) {
                return entry.factory().get();
            }
        }));
    }

    /**
     * Installs the provider at the head of the JVM's list, once (later calls find it installed and do nothing).
     * JVM-wide by nature: every lookup of an ECDSA signature without a named provider gets Bouncy Castle's.
     */
    public static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new BouncyCastleEcdsa(), 1);
        }
    }
}
