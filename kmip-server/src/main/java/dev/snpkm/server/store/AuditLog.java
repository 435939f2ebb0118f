package dev.snpkm.server.store;

import java.util.OptionalLong;

/**
 * Append-only, hash-chained audit records: each record's hash covers its content and its predecessor's hash, so
 * editing, deleting or reordering a stored record breaks the chain from that point ({@link #verify}).
 */
public interface AuditLog {

    /** Appends the event as the next record; durable on return. */
    AuditRecord append(AuditEvent event);

    /** Walks the whole chain. */
    ChainCheck verify();

    /**
     * The result of walking the chain.
     *
     * @param recordsChecked how many records were read
     * @param firstBrokenSeq the first record whose hash or link does not match, if any
     */
    record ChainCheck(long recordsChecked, OptionalLong firstBrokenSeq) {
        public boolean intact() {
            return firstBrokenSeq.isEmpty();
        }
    }
}
