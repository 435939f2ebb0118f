package dev.snpkm.server.store;

import java.sql.Connection;
import java.sql.SQLException;
import org.h2.engine.SessionLocal;
import org.h2.jdbc.JdbcConnection;
import org.h2.mvstore.MVStore;

/** Reaches the MVStore under an embedded H2 connection (H2's engine API: the syncer needs commit and sync). */
final class H2Stores {
    private H2Stores() {}

    static MVStore mvStore(Connection c) throws SQLException {
        JdbcConnection h2 = c.unwrap(JdbcConnection.class);
        if (!(h2.getSession() instanceof SessionLocal session)) {
            throw new SQLException("not an embedded H2 connection");
        }
        return session.getDatabase().getStore().getMvStore();
    }
}
