package dev.snpkm.server.store;

import dev.snpkm.server.crypto.MasterKey;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.Arrays;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Refuses to serve a store with a master key other than the one its objects are sealed under (table master_key_check,
 * V10). Without it a lost master.key was silently re-created at the next start: the old objects no longer opened, new
 * ones were sealed under the new key, and the audit chain (keyed by the master key) read as broken; a cluster node
 * given the wrong key did the same to a shared store. The first server to open a store records its key's check value;
 * every later one compares (constant time). The value is the SHA-256 of a key derived for this purpose alone, so it
 * tells nothing about the master key or any other key derived from it.
 */
public final class MasterKeyCheck {
    /** The derivation label: no other use of the master key derives this key. */
    static final String LABEL = "snpkm master key check v1";

    private MasterKeyCheck() {}

    /** Records the key's check value if the store has none for its version, else requires it to match. */
    public static void verifyOrRecord(Database db, MasterKey key) {
        byte[] mine = checkValue(key);
        byte[] stored = stored(db, key.version());
        if (stored == null) {
            try {
                db.transaction("record the master key check", c -> {
                    try (PreparedStatement ps = c.prepareStatement(
                            "INSERT INTO master_key_check (key_version, check_value) VALUES (?, ?)")) {
                        ps.setInt(1, key.version());
                        ps.setBytes(2, mine);
                        return ps.executeUpdate();
                    }
                });
                return;
            } catch (StoreException e) {
                stored = stored(db, key.version()); // another node recorded its own at the same moment
                if (stored == null) {
                    throw e;
                }
            }
        }
        if (!MessageDigest.isEqual(stored, mine)) {
            throw new StoreException("the store's objects are sealed under another master key than this one (version "
                    + key.version() + "): restore the master key this store was made with (master.key from the"
                    + " backup, or the cluster's); a new key cannot open them, and objects sealed under it could not be"
                    + " opened by the others");
        }
    }

    private static byte @Nullable [] stored(Database db, int version) {
        return db.read("read the master key check", c -> {
                    try (PreparedStatement ps =
                            c.prepareStatement("SELECT check_value FROM master_key_check WHERE key_version = ?")) {
                        ps.setInt(1, version);
                        try (ResultSet rs = ps.executeQuery()) {
                            return rs.next() ? Optional.of(rs.getBytes(1)) : Optional.<byte[]>empty();
                        }
                    }
                })
                .orElse(null);
    }

    static byte[] checkValue(MasterKey key) {
        byte[] derived = null;
        try {
            derived = key.deriveKey(LABEL);
            return MessageDigest.getInstance("SHA-256").digest(derived);
        } catch (GeneralSecurityException e) {
            throw new StoreException("cannot derive the master key's check value: " + e.getMessage(), e);
        } finally {
            if (derived != null) {
                Arrays.fill(derived, (byte) 0);
            }
        }
    }
}
