package dev.snpkm.server.audit;

import dev.snpkm.server.store.AuditLog;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The command behind {@code kmipctl audit verify}: walks the whole hash chain and says, in one line and an exit
 * code, whether any record was edited, deleted or reordered since it was written.
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
    public record Report(long recordsChecked, OptionalLong firstBrokenSeq) {
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
                    : "audit chain BROKEN at record " + firstBrokenSeq.getAsLong() + ": it or its predecessor link was "
                            + "altered after writing; compare with a backup from before that record";
        }
    }

    public Report verify() {
        AuditLog.ChainCheck check = log.verify();
        return new Report(check.recordsChecked(), check.firstBrokenSeq());
    }
}
