package dev.snpkm.server.testing;

import dev.snpkm.server.store.Database;
import java.util.ArrayList;
import java.util.List;

/** The audit chain as tests read it back from the store. */
public final class AuditRows {
    private AuditRows() {}

    /** Each record as [actor, action, object uid, outcome], in chain order. */
    public static List<List<String>> of(Database database) {
        return database.read("read the audit records", c -> {
            List<List<String>> out = new ArrayList<>();
            try (var rs = c.createStatement()
                    .executeQuery("SELECT actor, action, object_uid, outcome FROM audit_record ORDER BY seq")) {
                while (rs.next()) {
                    List<String> row = new ArrayList<>();
                    for (int i = 1; i <= 4; i++) {
                        row.add(rs.getString(i));
                    }
                    out.add(row);
                }
            }
            return out;
        });
    }
}
