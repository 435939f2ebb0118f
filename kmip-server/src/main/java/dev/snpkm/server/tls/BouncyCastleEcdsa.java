package dev.snpkm.server.tls;

import java.security.InvalidKeyException;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;

/**
 * A JCA provider offering only Bouncy Castle's ECDSA signature <em>verification</em> (SHA-256/384/512 with ECDSA),
 * installed first so that the JDK's TLS stack and certificate path validation verify with it. Nothing else changes:
 * signing, key exchange, ciphers, key stores and certificate parsing stay with the JDK's providers.
 *
 * <p>Why: a full mutual-TLS handshake costs the server one ECDSA signature (its CertificateVerify) and two ECDSA
 * verifications (the client's CertificateVerify and the CA's signature on the client certificate). JDK 17's SunEC
 * verifies a P-256 signature in ~1.1 ms of CPU, Bouncy Castle in ~0.2 ms (measured on the build VM,
 * docs/benchmarks/attested-release-v2.md); at a morning boot storm every VM pays a full handshake, and those
 * verifications were a third of the server's CPU. Verification handles public data only, so its speed-up costs
 * nothing in side-channel exposure. Signing handles the server's private key: it stays with SunEC, whose P-256/P-384
 * arithmetic is the constant-time implementation shipped since JDK 14, and no copy of the key is made here.
 * The provider declares public keys only, so JCA's delayed provider selection never offers it a private key.
 */
public final class BouncyCastleEcdsa extends Provider {
    public static final String NAME = "SnpkmBouncyCastleEcdsa";
    private static final long serialVersionUID = 1L;

    /** JCA algorithm name → Bouncy Castle's implementation, with the OID alias the certificate code looks up. */
    private static final Map<String, Entry> SIGNATURES = Map.of(
            "SHA256withECDSA", new Entry("1.2.840.10045.4.3.2", Sha256::new),
            "SHA384withECDSA", new Entry("1.2.840.10045.4.3.3", Sha384::new),
            "SHA512withECDSA", new Entry("1.2.840.10045.4.3.4", Sha512::new));

    private record Entry(String oid, Supplier<SignatureSpi> factory) {}

    private static final class Sha256 extends SignatureSpi.ecDSA256 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            throw verifyOnly();
        }
    }

    private static final class Sha384 extends SignatureSpi.ecDSA384 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            throw verifyOnly();
        }
    }

    private static final class Sha512 extends SignatureSpi.ecDSA512 {
        @Override
        protected void engineInitSign(PrivateKey key) throws InvalidKeyException {
            throw verifyOnly();
        }
    }

    /** Refused so that a caller who named this provider explicitly learns why; JCA's own lookup never gets here. */
    private static InvalidKeyException verifyOnly() {
        return new InvalidKeyException(NAME + " verifies only: ECDSA signing stays with the JDK's constant-time SunEC");
    }

    private BouncyCastleEcdsa() {
        super(NAME, "1.0", "Bouncy Castle ECDSA verification, ahead of SunEC for TLS handshakes");
        SIGNATURES.forEach((name, entry) -> putService(
                new Service(
                        this,
                        "Signature",
                        name,
                        entry.factory().get().getClass().getName(),
                        List.of("OID." + entry.oid(), entry.oid()),
                        Map.of("SupportedKeyClasses", "java.security.interfaces.ECPublicKey")) {
                    @Override
                    public Object newInstance(Object constructorParameter) {
                        return entry.factory().get();
                    }
                }));
    }

    /**
     * Installs the provider at the head of the JVM's list, once (later calls find it installed and do nothing).
     * JVM-wide by nature: every lookup of an ECDSA verification without a named provider gets Bouncy Castle's.
     */
    public static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new BouncyCastleEcdsa(), 1);
        }
    }
}
