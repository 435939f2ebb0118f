package dev.snpkm.testsuite.release;

import java.security.Provider;
import java.security.Security;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyAgreementSpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyFactorySpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.KeyPairGeneratorSpi;
import org.bouncycastle.jcajce.provider.asymmetric.ec.SignatureSpi;

/**
 * The boot storm driver's client-side EC cryptography from Bouncy Castle: ECDSA signing and verification (the
 * simulated VMs' TLS CertificateVerify and their checks of the server's chain), EC key generation and ECDH (each VM's
 * ephemeral P-384 wrapping key and its unwrap), and EC key parsing. The driver simulates thousands of VMs on the cores it shares with the
 * server; a real VM does the same work on its own CPU, with whatever provider its guest ships. Installed first in the
 * driver's JVM only ({@link BootStorm#main}); never in a server's.
 */
final class SimulatedVmCrypto extends Provider {
    static final String NAME = "SnpkmSimulatedVmCrypto";
    private static final long serialVersionUID = 1L;

    private record Entry(String type, String algorithm, List<String> aliases, Supplier<Object> factory) {}

    private static final List<Entry> SERVICES = List.of(
            new Entry(
                    "Signature",
                    "SHA256withECDSA",
                    List.of("OID.1.2.840.10045.4.3.2", "1.2.840.10045.4.3.2"),
                    SignatureSpi.ecDSA256::new),
            new Entry(
                    "Signature",
                    "SHA384withECDSA",
                    List.of("OID.1.2.840.10045.4.3.3", "1.2.840.10045.4.3.3"),
                    SignatureSpi.ecDSA384::new),
            new Entry("KeyPairGenerator", "EC", List.of(), KeyPairGeneratorSpi.EC::new),
            // Keys parsed by BC keep BC's shared named-curve domain, so signing reuses its fixed-base precomputation.
            new Entry("KeyFactory", "EC", List.of(), KeyFactorySpi.EC::new),
            new Entry("KeyAgreement", "ECDH", List.of(), KeyAgreementSpi.DH::new));

    /** An instance not installed anywhere, for naming explicitly ({@link SimulatedVmCryptoCost}). */
    static SimulatedVmCrypto create() {
        return new SimulatedVmCrypto();
    }

    private SimulatedVmCrypto() {
        super(NAME, "1.0", "Bouncy Castle EC for the boot storm's simulated VMs");
        for (Entry e : SERVICES) {
            putService(
                    new Service(
                            this,
                            e.type(),
                            e.algorithm(),
                            e.factory().get().getClass().getName(),
                            e.aliases(),
                            Map.of()) {
                        @Override
                        public Object newInstance(Object constructorParameter) {
                            return e.factory().get();
                        }
                    });
        }
    }

    /** Installs the provider at the head of this JVM's list, once. */
    static synchronized void install() {
        if (Security.getProvider(NAME) == null) {
            Security.insertProviderAt(new SimulatedVmCrypto(), 1);
        }
    }
}
