package dev.snpkm.server.store;

import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The store's table of revoked client certificates ({@code revoked_client}, migration V8): the cluster-wide half of
 * the deny list. Revocations are only ever added, as in a CRL.
 */
public final class RevokedClientStore {
    private static final Pattern FINGERPRINT = Pattern.compile("[0-9a-f]{64}");
    /** PostgreSQL's and H2's SQLSTATE for a unique (here primary key) violation. */
    private static final String UNIQUE_VIOLATION = "23505";

    private final Database db;

    public RevokedClientStore(Database db) {
        this.db = db;
    }

    /** Whether s is a fingerprint as the table holds them: 64 lower-case hex digits. */
    public static boolean isFingerprint(String s) {
        return FINGERPRINT.matcher(s).matches();
    }

    /** Every revoked fingerprint. */
    public Set<String> all() {
        return db.read("read the revoked client certificates", c -> {
            Set<String> revoked = new HashSet<>();
            try (PreparedStatement s = c.prepareStatement("SELECT fingerprint FROM revoked_client");
                    ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    revoked.add(rs.getString(1));
                }
            }
            return Set.copyOf(revoked);
        });
    }

    /**
     * Records each fingerprint in its own commit: two nodes may publish the same line at once, and one's duplicate
     * must not undo the other's new ones.
     *
     * @return how many were not recorded before
     */
    public int addAll(Set<String> fingerprints, Instant at) {
        int added = 0;
        for (String fp : fingerprints) {
            if (!isFingerprint(fp)) {
                throw new IllegalArgumentException("not a lower-case hex SHA-256 fingerprint: '" + fp + "'");
            }
            if (add(fp, at)) {
                added++;
            }
        }
        return added;
    }

    private boolean add(String fingerprint, Instant at) {
        try {
            return db.transaction("record a revoked client certificate", c -> {
                try (PreparedStatement s =
                        c.prepareStatement("INSERT INTO revoked_client (fingerprint, revoked_at) VALUES (?, ?)")) {
                    s.setString(1, fingerprint);
                    s.setTimestamp(2, Timestamp.from(at));
                    return s.executeUpdate() == 1;
                }
            });
        } catch (StoreException e) {
            if (e.getCause() instanceof SQLException sql && UNIQUE_VIOLATION.equals(sql.getSQLState())) {
                return false; // another node recorded it first
            }
            throw e;
        }
    }
}
