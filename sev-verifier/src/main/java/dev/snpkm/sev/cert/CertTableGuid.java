package dev.snpkm.sev.cert;

import java.util.Optional;
import java.util.UUID;

/** GUIDs of the GHCB certificate table (GHCB 56421 §4.1.8.1), stored big-endian (RFC 4122 order). */
public enum CertTableGuid {
    ARK("c0b406a4-a803-4952-9743-3fb6014cd0ae"),
    /** Also used for the ASVK. */
    ASK("4ab7b379-bbac-4fe4-a02f-05aef327c782"),
    VCEK("63da758d-e664-4564-adc5-f4b93be8accd"),
    VLEK("a8074bc2-a25a-483e-aae6-39c045a0b8a1");

    private final UUID uuid;

    CertTableGuid(String uuid) {
        this.uuid = UUID.fromString(uuid);
    }

    public UUID uuid() {
        return uuid;
    }

    public static Optional<CertTableGuid> of(UUID uuid) {
        for (CertTableGuid g : values()) {
            if (g.uuid.equals(uuid)) {
                return Optional.of(g);
            }
        }
        return Optional.empty();
    }
}
