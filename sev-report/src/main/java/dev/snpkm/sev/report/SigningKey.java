package dev.snpkm.sev.report;

import java.util.Optional;

/** KEY_INFO.SIGNING_KEY values (SEV-SNP ABI 56860); 2..6 are reserved. */
public enum SigningKey {
    VCEK(0),
    VLEK(1),
    NONE(7);

    private final int field;

    SigningKey(int field) {
        this.field = field;
    }

    public int field() {
        return field;
    }

    public static Optional<SigningKey> fromField(int field) {
        for (SigningKey k : values()) {
            if (k.field == field) {
                return Optional.of(k);
            }
        }
        return Optional.empty();
    }
}
