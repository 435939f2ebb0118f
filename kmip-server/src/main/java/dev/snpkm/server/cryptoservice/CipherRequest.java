package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.registry.KmipVersion;
import java.security.SecureRandom;
import org.jspecify.annotations.Nullable;

/**
 * What an Encrypt or Decrypt with a symmetric key starts from.
 *
 * @param key the raw key (not kept: the cipher copies it; the caller zeroes it)
 * @param iv the request's IV/Counter/Nonce, or null
 * @param aad the Authenticated Encryption Additional Data, or null
 * @param decryptTagLength for an AEAD Decrypt whose tag is at hand, its length; 0 to take it from the parameters
 */
public record CipherRequest(
        boolean encrypt,
        byte[] key,
        CryptographicParameters parameters,
        byte @Nullable [] iv,
        byte @Nullable [] aad,
        int decryptTagLength,
        SecureRandom random,
        KmipVersion version) {}
