package dev.snpkm.sev.report;

import java.util.Optional;

/** KEY_INFO at report offset 0x048 (SEV-SNP ABI 56860). */
public record KeyInfo(int raw) {
    /** Bits 31:5 must be zero. */
    public static final int RESERVED_MBZ_MASK = ~0x1F;

    public boolean authorKeyEnabled() {
        return (raw & 1) == 1;
    }

    public boolean maskChipKey() {
        return (raw >>> 1 & 1) == 1;
    }

    /** The 3-bit SIGNING_KEY field (bits 4:2). */
    public int signingKeyField() {
        return raw >>> 2 & 0x7;
    }

    /** The signing key, or empty for the reserved values 2..6. */
    public Optional<SigningKey> signingKey() {
        return SigningKey.fromField(signingKeyField());
    }
}
