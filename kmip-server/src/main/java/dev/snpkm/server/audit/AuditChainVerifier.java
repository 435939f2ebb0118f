package dev.snpkm.server.audit;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * The command behind {@code kmipctl audit verify}: walks the whole keyed chain and says, in one line and an exit
 * code, whether any record was edited, deleted or reordered since it was written, and, given an anchor, whether the
 * tail was cut off.
 */
public final class AuditChainVerifier {
    private final AuditLog log;

    public AuditChainVerifier(AuditLog log) {
        this.log = Objects.requireNonNull(log, "log");
    }

    /**
     * The outcome for the operator.
     *
     * @param firstBrokenSeq the first record that does not match its hash or link; records from there on are suspect
     */
    public record Report(long recordsChecked, OptionalLong firstBrokenSeq, String problem) {
        public Report(long recordsChecked, OptionalLong firstBrokenSeq) {
            this(recordsChecked, firstBrokenSeq, "");
        }

        public boolean intact() {
            return firstBrokenSeq.isEmpty();
        }

        /** 0 intact, 1 tampered (2 is left for the CLI's usage and I/O errors). */
        public int exitCode() {
            return intact() ? 0 : 1;
        }

        public String summary() {
            return intact()
                    ? "audit chain intact: " + recordsChecked + " records verified"
                    : "audit chain BROKEN at record " + firstBrokenSeq.getAsLong() + ": "
                            + (problem.isEmpty() ? "it or its predecessor link was altered after writing" : problem)
                            + "; compare with a backup from before that record";
        }
    }

    public Report verify() {
        return report(log.verify());
    }

    /** Also checks that the chain still holds the anchored record (from the log, a metric or a backup) unchanged. */
    public Report verify(AuditLog.Head anchor) {
        return report(log.verify(anchor));
    }

    private static Report report(AuditLog.ChainCheck check) {
        return new Report(check.recordsChecked(), check.firstBrokenSeq(), check.problem());
    }
}
