package dev.snpkm.appliance.bootstrap;

import java.nio.file.Path;

/** Where the appliance keeps its state inside the data directory; one place so the CLI and the server agree. */
public record DataDirectory(Path root) {
    /** The data directory every command and the appliance use when none is given (the package's state dir). */
    public static final String DEFAULT = "/var/lib/snpkm";

    public DataDirectory {
        root = root.toAbsolutePath().normalize();
    }

    public Path pki() {
        return root.resolve("pki");
    }

    public Path caCertificate() {
        return pki().resolve("ca.pem");
    }

    public Path caKey() {
        return pki().resolve("ca.key");
    }

    public Path serverCertificate() {
        return pki().resolve("server.pem");
    }

    public Path serverKey() {
        return pki().resolve("server.key");
    }

    public Path adminCertificate() {
        return pki().resolve("admin.pem");
    }

    public Path adminKey() {
        return pki().resolve("admin.key");
    }

    public Path masterKey() {
        return root.resolve("master.key");
    }

    /** Admin token for the loopback-only admin HTTP routes; readable only by the appliance's user. */
    public Path adminToken() {
        return root.resolve("admin.token");
    }

    /** One SHA-256 certificate fingerprint per line; the server refuses those clients (see ClientDenyList). */
    public Path revokedClients() {
        return root.resolve("revoked-clients.txt");
    }

    /** H2 file base name (H2 adds .mv.db). */
    /** Records of actions kmipctl takes without the running process (issue, revoke, restore), to be chained. */
    public Path auditInbox() {
        return root.resolve("audit-inbox");
    }

    public Path storeBase() {
        return storeDirectory().resolve("snpkm");
    }

    /** The directory holding the H2 store's files (owner-only). */
    public Path storeDirectory() {
        return root.resolve("store");
    }

    public Path storeFile() {
        return root.resolve("store").resolve("snpkm.mv.db");
    }
}
