package dev.snpkm.appliance.server;

import dev.snpkm.server.store.AuditLog;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.NonceStore;
import dev.snpkm.server.store.ObjectStore;
import java.time.Duration;

/** The opened store the engine and the admin routes share. */
public record StoreContext(Database database, ObjectStore objects, NonceStore nonces, AuditLog audit,
        Duration nonceTtl) {
}
