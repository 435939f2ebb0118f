package dev.snpkm.server.operations.material;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.attributes.InitialAttributes;

/**
 * A create request that asks for a quantum-safe object (Quantum Safe attribute True, KMIP 2.1 §4.47) gets one or none.
 * Of the keys this server generates, only AES-256 is quantum safe (a quantum key search halves a symmetric key's
 * strength, so AES-256 keeps 128 bits; CNSA 2.0 names AES-256); RSA and elliptic-curve keys fall to Shor's algorithm
 * and never are. Anything else is refused as General Failure, the result the Quantum Safe profile's test case expects
 * (QS-M-2-21: AES-128 with Quantum Safe True).
 */
public final class QuantumSafety {
    private static final int SAFE_AES_BITS = 256;

    private QuantumSafety() {}

    /** Refuses the request if it asks for a quantum-safe key that this algorithm and length cannot be. */
    public static void check(Attributes template, EnumCode<CryptographicAlgorithm> algorithm, int bits) {
        if (!InitialAttributes.flag(template, "Quantum Safe", false)) {
            return;
        }
        if (algorithm.is(CryptographicAlgorithm.AES) && bits >= SAFE_AES_BITS) {
            return;
        }
        throw new KmipOperationException(
                ResultReason.GENERAL_FAILURE,
                "NOT_SAFE: the template asks for a quantum-safe key, but a " + algorithm + " key of " + bits
                        + " bits is not quantum safe (only AES-256 is)");
    }
}
