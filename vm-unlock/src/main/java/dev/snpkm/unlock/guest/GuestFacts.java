package dev.snpkm.unlock.guest;

import java.util.List;

/**
 * What {@link SnpGuestCheck} found.
 *
 * @param missing the required indicators that are absent, as sentences naming the fix; empty means an SNP guest
 * @param observed what was found, for {@code kmip-unlock check}
 */
public record GuestFacts(List<String> missing, List<String> observed) {
    public GuestFacts {
        missing = List.copyOf(missing);
        observed = List.copyOf(observed);
    }

    public boolean isSnpGuest() {
        return missing.isEmpty();
    }
}
