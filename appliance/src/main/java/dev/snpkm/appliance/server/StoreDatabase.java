package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.PostgresDatabase;
import java.io.IOException;

/** Opens the database the configuration names: the data directory's H2 file, or the external PostgreSQL server. */
public final class StoreDatabase {
    private StoreDatabase() {}

    public static Database open(ApplianceConfig config, DataDirectory dir) throws IOException {
        ApplianceConfig.Store s = config.store();
        int pool = s.poolSize() > 0
                ? s.poolSize()
                : Database.poolSizeFor(config.limits().workers());
        if (s.external()) {
            return PostgresDatabase.open(s.url(), s.user(), s.passwordFile(), pool);
        }
        // H2 creates its files with the process umask: the directory is 0700 first, the files 0600 once open.
        OwnerOnlyFile.createDirectory(dir.storeDirectory());
        Database db = Database.openH2File(dir.storeBase(), pool);
        OwnerOnlyFile.restrictDirectory(dir.storeDirectory());
        return db;
    }

    /** For the log and `kmipctl status`: where the store is, without its settings. */
    public static String describe(ApplianceConfig.Store s) {
        return s.external() ? "PostgreSQL " + withoutQuery(s.url()) : "H2 (embedded)";
    }

    /** A JDBC URL without its query, which may carry a password (password=...) or TLS key paths. */
    public static String withoutQuery(String url) {
        int q = url.indexOf('?');
        return q < 0 ? url : url.substring(0, q);
    }
}
