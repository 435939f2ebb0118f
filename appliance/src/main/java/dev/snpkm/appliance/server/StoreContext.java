package dev.snpkm.appliance.server;

import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.ObjectStore;

/** The opened store the engine and the admin routes share. */
public record StoreContext(Database database, ObjectStore objects, AuditLog audit) {}
