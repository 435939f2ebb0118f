package dev.snpkm.appliance.server;

import dev.snpkm.appliance.config.AdministratorIdentity;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The administrator identities in the form the server's AccessPolicy compares: a certificate subject DN
 * ({@code CN=name}, exact) or a lower-case SHA-256 fingerprint. The bootstrapped admin certificate is always one,
 * pinned by fingerprint so that a later {@code kmipctl clients issue --cn admin} does not mint another administrator.
 */
public final class AdministratorSet {
    private AdministratorSet() {}

    public static Set<String> of(List<String> configured, String bootstrapAdminFingerprint) {
        Set<String> out = new LinkedHashSet<>(identities(configured));
        out.add(bootstrapAdminFingerprint);
        return Set.copyOf(out);
    }

    /** Configured identities ("CN=name" or "sha256:hex", validated) as AccessPolicy compares them. */
    public static Set<String> identities(List<String> configured) {
        Set<String> out = new LinkedHashSet<>();
        for (String entry : configured) {
            AdministratorIdentity id = AdministratorIdentity.parse(entry);
            out.add(id.commonName()
                    .map(cn -> "CN=" + cn)
                    .orElseGet(() -> id.sha256Fingerprint().orElseThrow()));
        }
        return out;
    }
}
