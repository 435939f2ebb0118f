package dev.snpkm.appliance.config;

import java.util.Locale;
import java.util.Optional;

/**
 * One administrator entry: a certificate subject common name ({@code CN=admin}) or a certificate's SHA-256
 * fingerprint ({@code sha256:<hex>}), the latter pinning exactly one certificate.
 */
public record AdministratorIdentity(Optional<String> commonName, Optional<String> sha256Fingerprint) {

    public static boolean isWellFormed(String text) {
        return text != null
                && ((text.regionMatches(true, 0, "CN=", 0, 3) && text.length() > 3)
                        || text.toLowerCase(Locale.ROOT).matches("sha256:[0-9a-f]{64}"));
    }

    public static AdministratorIdentity parse(String text) {
        if (!isWellFormed(text)) {
            throw new IllegalArgumentException("not CN=<name> or sha256:<hex>: " + text);
        }
        if (text.regionMatches(true, 0, "CN=", 0, 3)) {
            return new AdministratorIdentity(Optional.of(text.substring(3)), Optional.empty());
        }
        return new AdministratorIdentity(
                Optional.empty(), Optional.of(text.substring(7).toLowerCase(Locale.ROOT)));
    }

    public boolean matches(String cn, String fingerprint) {
        return commonName.map(n -> n.equals(cn)).orElse(false)
                || sha256Fingerprint.map(f -> f.equals(fingerprint)).orElse(false);
    }

    @Override
    public String toString() {
        return commonName.map(n -> "CN=" + n).orElseGet(() -> "sha256:" + sha256Fingerprint.orElseThrow());
    }
}
