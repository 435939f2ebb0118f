package dev.snpkm.appliance.server;

import dev.snpkm.server.store.Database;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The newest audit records as text lines, oldest first; reads the table the hash-chained AuditLog writes. */
public final class AuditTail {
    private AuditTail() {}

    public static List<String> last(Database db, int count) {
        return db.transaction("read audit tail", c -> {
            List<String> lines = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement("SELECT seq, recorded_at, actor, action, object_uid, "
                    + "outcome, detail FROM audit_record ORDER BY seq DESC FETCH FIRST ? ROWS ONLY")) {
                ps.setInt(1, count);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        lines.add("seq=" + rs.getLong(1) + " at="
                                + rs.getObject(2, OffsetDateTime.class).toInstant()
                                + " actor=\"" + rs.getString(3) + "\" action=" + rs.getString(4)
                                + " object=" + (rs.getString(5) == null ? "-" : rs.getString(5))
                                + " outcome=" + rs.getString(6) + " detail=\"" + rs.getString(7) + "\"");
                    }
                }
            }
            Collections.reverse(lines);
            return lines;
        });
    }
}
