package dev.snpkm.server.audit;

import java.time.Instant;

/** One link of the audit chain: the event, where it sits, and the hashes that tie it to its predecessor. */
public record AuditRecord(long seq, Instant recordedAt, AuditEvent event, byte[] prevHash, byte[] hash) {
    public AuditRecord {
        prevHash = prevHash.clone();
        hash = hash.clone();
    }

    @Override
    public byte[] prevHash() {
        return prevHash.clone();
    }

    @Override
    public byte[] hash() {
        return hash.clone();
    }
}
