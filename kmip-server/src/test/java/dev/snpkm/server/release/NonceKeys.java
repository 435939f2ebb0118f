package dev.snpkm.server.release;

import dev.snpkm.server.crypto.MasterKey;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;

/** Nonce keys for test gates, derived as the appliance derives them (ApplianceRuntime). */
public final class NonceKeys {
    private NonceKeys() {}

    /** The nonce key of a store sealed under {@code masterKey}: every gate over that store shares it. */
    public static byte[] derivedFrom(MasterKey masterKey) {
        try {
            return masterKey.deriveKey(StatelessNonces.KEY_LABEL);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The nonce key of a fresh random master key, for a single gate. */
    public static byte[] fresh() {
        byte[] k = new byte[32];
        new SecureRandom().nextBytes(k);
        return derivedFrom(new SoftwareMasterKey(1, k));
    }
}
