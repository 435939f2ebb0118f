package dev.snpkm.server.store;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * The key the store's indexes hold for a text value that may be long (an owner's subject DN, a Name, a grantee):
 * SHA-256 of its UTF-8 bytes, 32 bytes whatever the value's length. Such a value may be 1,024 characters of up to three
 * UTF-8 bytes each, over the ~2,700 bytes PostgreSQL's btree takes in one index row (schema V9). Queries match the key
 * and then the value itself, so even a digest collision could not return a wrong row.
 */
public final class IndexKey {
    private IndexKey() {}

    public static byte[] of(String value) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(value.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JVM", e);
        }
    }
}
