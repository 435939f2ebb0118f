package dev.snpkm.server.audit;

import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * Append-only, keyed hash-chained audit records: each record's MAC covers its content and its predecessor's MAC, under
 * a key derived from the master key, so editing, deleting or reordering a stored record breaks the chain from that
 * point ({@link #verify}) and nobody without the master key can recompute it. A chain's tail can still be cut off
 * without breaking a link: {@link #head} is the anchor to keep outside the store (log, metrics, backups), and
 * {@link #verify(Head)} checks the chain against one.
 */
public interface AuditLog {

    /**
     * Appends the event as the next record; durable on return, or, inside a store transaction of this thread that
     * holds writes (a request's batch), durable before that transaction ends, i.e. before the response.
     */
    AuditRecord append(AuditEvent event);

    /** Appends the events, in order, as consecutive records in one durable commit. */
    default List<AuditRecord> appendAll(List<AuditEvent> events) {
        return events.stream().map(this::append).toList();
    }

    /**
     * Appends a request batch's action records as the last writes of the batch's open transaction (the store's unit
     * of work on this thread) and commits it: the changes and their records are durable in one commit, or neither is.
     * Without such a transaction, like {@link #appendAll}. No default: a wrapper that fell back to appendAll would
     * silently split the commit in two.
     */
    List<AuditRecord> appendAllClosingUnitOfWork(List<AuditEvent> events);

    /** Walks the whole chain. */
    ChainCheck verify();

    /** Walks the whole chain and checks that it still holds the anchored record, unchanged. */
    ChainCheck verify(Head anchor);

    /**
     * The newest record's position and MAC (seq 0 and 32 zero bytes for an empty chain), durable on return: an anchor
     * published outside the store never names a record a power cut could still take away.
     */
    Head head();

    /**
     * An anchor: a record's sequence number (= the chain's length then) and its MAC.
     *
     * @param seq the record's sequence number
     * @param hash its MAC
     */
    record Head(long seq, byte[] hash) {
        public Head {
            hash = hash.clone();
        }

        @Override
        public byte[] hash() {
            return hash.clone();
        }

        /** "seq:hex", the form logged, exported and given to {@code kmipctl audit verify --anchor}. */
        public String text() {
            return seq + ":" + HexFormat.of().formatHex(hash);
        }

        /** Parses {@link #text()}; IllegalArgumentException naming the expected form otherwise. */
        public static Head parse(String text) {
            String[] parts = Objects.requireNonNull(text, "anchor").strip().split(":", 2);
            if (parts.length != 2 || !parts[0].matches("[0-9]{1,18}") || !parts[1].matches("[0-9a-fA-F]{64}")) {
                throw new IllegalArgumentException("an audit anchor is <seq>:<64 hex digits>, e.g. from the "
                        + "event=audit_anchor log line or a backup; got '" + text + "'");
            }
            return new Head(Long.parseLong(parts[0]), HexFormat.of().parseHex(parts[1]));
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Head h && h.seq == seq && MessageDigest.isEqual(h.hash, hash);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(seq);
        }

        @Override
        public String toString() {
            return text();
        }
    }

    /**
     * The result of walking the chain.
     *
     * @param recordsChecked how many records were read
     * @param firstBrokenSeq the first record whose MAC or link does not match, or that the anchor names but is gone
     * @param problem what is wrong, for the operator; empty when intact
     */
    record ChainCheck(long recordsChecked, OptionalLong firstBrokenSeq, String problem) {
        public ChainCheck {
            problem = problem == null ? "" : problem;
        }

        public ChainCheck(long recordsChecked, OptionalLong firstBrokenSeq) {
            this(
                    recordsChecked,
                    firstBrokenSeq,
                    firstBrokenSeq.isEmpty()
                            ? ""
                            : "record " + firstBrokenSeq.getAsLong() + " or its link to its predecessor was altered");
        }

        public boolean intact() {
            return firstBrokenSeq.isEmpty();
        }
    }
}
