package dev.snpkm.client.e2e;

import dev.snpkm.server.store.AuditEvent;
import dev.snpkm.server.store.AuditLog;
import dev.snpkm.server.store.AuditRecord;
import java.util.ArrayList;
import java.util.List;

/** The real audit log, remembering what was appended so a test can read the decisions back. */
final class RecordingAuditLog implements AuditLog {
    private final AuditLog log;
    private final List<AuditEvent> events = new ArrayList<>();

    RecordingAuditLog(AuditLog log) {
        this.log = log;
    }

    @Override
    public synchronized AuditRecord append(AuditEvent event) {
        AuditRecord r = log.append(event);
        events.add(event);
        return r;
    }

    @Override
    public ChainCheck verify() {
        return log.verify();
    }

    synchronized List<AuditEvent> since(int index) {
        return List.copyOf(events.subList(index, events.size()));
    }

    synchronized int size() {
        return events.size();
    }
}
