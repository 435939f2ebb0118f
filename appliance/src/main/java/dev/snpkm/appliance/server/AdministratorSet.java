package dev.snpkm.appliance.server;

import dev.snpkm.appliance.config.AdministratorIdentity;
import dev.snpkm.server.auth.ClientIdentity;
import java.util.ArrayList;
import java.util.List;

/** The clients allowed to administer keys and policies: the configured entries plus the bootstrapped admin cert. */
public final class AdministratorSet {
    private final List<AdministratorIdentity> entries;

    public AdministratorSet(List<String> configured, String bootstrapAdminFingerprint) {
        List<AdministratorIdentity> all = new ArrayList<>();
        configured.forEach(c -> all.add(AdministratorIdentity.parse(c)));
        // Pinned by fingerprint, not CN: a later "clients issue --cn admin" must not mint another administrator.
        all.add(AdministratorIdentity.parse("sha256:" + bootstrapAdminFingerprint));
        this.entries = List.copyOf(all);
    }

    public boolean contains(ClientIdentity client) {
        String cn = client.commonName().orElse(null);
        return entries.stream().anyMatch(e -> e.matches(cn, client.sha256Fingerprint()));
    }

    public List<AdministratorIdentity> entries() {
        return entries;
    }
}
