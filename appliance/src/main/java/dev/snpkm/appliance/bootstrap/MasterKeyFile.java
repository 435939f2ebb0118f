package dev.snpkm.appliance.bootstrap;

import dev.snpkm.server.audit.AuditChainKey;
import dev.snpkm.server.crypto.SoftwareMasterKey;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Arrays;

/** The 32-byte AES-256 master key at rest (0600). Version 0 until rotation exists. */
public final class MasterKeyFile {
    private static final int KEY_BYTES = 32;

    private final Path file;

    public MasterKeyFile(Path file) {
        this.file = file;
    }

    /** Creates the key when absent; returns whether it did. */
    public boolean ensureExists() throws IOException {
        if (Files.exists(file)) {
            return false;
        }
        byte[] key = new byte[KEY_BYTES];
        new SecureRandom().nextBytes(key);
        try {
            OwnerOnlyFile.create(file, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
        return true;
    }

    /** The raw key bytes; the caller zeroes them. Refuses a file others can read, as ssh does for its keys. */
    public byte[] readBytes() throws IOException {
        if (!OwnerOnlyFile.isOwnerOnly(file)) {
            throw new IOException("master key " + file + " is readable by others; chmod 600 it");
        }
        byte[] key = Files.readAllBytes(file);
        if (key.length != KEY_BYTES) {
            Arrays.fill(key, (byte) 0);
            throw new IOException("master key " + file + " must hold exactly " + KEY_BYTES + " bytes");
        }
        return key;
    }

    public SoftwareMasterKey load() throws IOException {
        byte[] key = readBytes();
        try {
            return new SoftwareMasterKey(0, key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    /** The audit chain's HMAC key, derived from the master key (the key's bytes are zeroed at once). */
    public AuditChainKey auditChainKey() throws IOException {
        byte[] key = readBytes();
        try {
            return AuditChainKey.derive(key);
        } finally {
            Arrays.fill(key, (byte) 0);
        }
    }

    public Path path() {
        return file;
    }
}
