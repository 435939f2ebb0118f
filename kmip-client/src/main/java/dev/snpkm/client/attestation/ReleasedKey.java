package dev.snpkm.client.attestation;

import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.types.Secret;
import org.jspecify.annotations.Nullable;

/**
 * A released key's material and what its Key Block said it is, so that a caller's {@link ExpectedKey} can be checked
 * after the released object itself was destroyed.
 *
 * @param algorithm the Key Block's Cryptographic Algorithm, null when absent
 * @param declaredBits the Key Block's Cryptographic Length, null when absent
 */
record ReleasedKey(
        ObjectType objectType,
        @Nullable EnumCode<CryptographicAlgorithm> algorithm,
        @Nullable Integer declaredBits,
        Secret material) {}
