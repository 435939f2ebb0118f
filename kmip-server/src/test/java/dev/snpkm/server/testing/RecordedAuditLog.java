package dev.snpkm.server.testing;

import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.AuditRecord;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** The real audit log, also keeping what was appended so that a test can read the records back. */
public final class RecordedAuditLog implements AuditLog {
    private final AuditLog log;
    public final List<AuditEvent> events = new CopyOnWriteArrayList<>();

    public RecordedAuditLog(AuditLog log) {
        this.log = log;
    }

    @Override
    public AuditRecord append(AuditEvent event) {
        return appendAll(List.of(event)).get(0);
    }

    @Override
    public List<AuditRecord> appendAll(List<AuditEvent> batch) {
        List<AuditRecord> out = log.appendAll(batch);
        events.addAll(batch);
        return out;
    }

    @Override
    public List<AuditRecord> appendAllClosingUnitOfWork(List<AuditEvent> batch) {
        List<AuditRecord> out = log.appendAllClosingUnitOfWork(batch);
        events.addAll(batch);
        return out;
    }

    @Override
    public ChainCheck verify() {
        return log.verify();
    }

    @Override
    public ChainCheck verify(Head anchor) {
        return log.verify(anchor);
    }

    @Override
    public Head head() {
        return log.head();
    }

    /** The records appended since the {@code index}-th one. */
    public List<AuditEvent> since(int index) {
        return List.copyOf(events.subList(index, events.size()));
    }

    public int size() {
        return events.size();
    }

    /** The records about one object, in order. */
    public List<AuditEvent> about(String uid) {
        return events.stream().filter(e -> uid.equals(e.objectUid())).toList();
    }
}
