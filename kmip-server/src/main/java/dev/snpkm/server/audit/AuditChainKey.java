package dev.snpkm.server.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.bouncycastle.crypto.digests.SHA256Digest;
import org.bouncycastle.crypto.generators.HKDFBytesGenerator;
import org.bouncycastle.crypto.params.HKDFParameters;

/**
 * The key of the audit chain: HMAC-SHA256 (RFC 2104) under HKDF-SHA256 (RFC 5869) of the master key with its own
 * label, so that whoever can write the store but does not hold the master key cannot recompute the chain after an
 * edit. Distinct from the sealing and backup keys by its info label; never logged.
 */
public final class AuditChainKey {
    private static final byte[] INFO = "snpkm audit chain HMAC-SHA256 v1".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    private AuditChainKey(byte[] raw) {
        this.key = new SecretKeySpec(raw, "HmacSHA256");
        Arrays.fill(raw, (byte) 0);
    }

    /** Derives the chain key from the master key's bytes (the caller keeps and zeroes its array). */
    public static AuditChainKey derive(byte[] masterKey) {
        HKDFBytesGenerator hkdf = new HKDFBytesGenerator(new SHA256Digest());
        hkdf.init(new HKDFParameters(masterKey, null, INFO));
        byte[] raw = new byte[32];
        hkdf.generateBytes(raw, 0, raw.length);
        return new AuditChainKey(raw);
    }

    /** A random key, for a log that lives only as long as this object (tests, benchmarks, in-process tools). */
    public static AuditChainKey random() {
        byte[] raw = new byte[32];
        new SecureRandom().nextBytes(raw);
        return new AuditChainKey(raw);
    }

    public byte[] mac(byte[] input) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(key);
            return mac.doFinal(input);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }

    @Override
    public String toString() {
        return "AuditChainKey[HMAC-SHA256]";
    }
}
