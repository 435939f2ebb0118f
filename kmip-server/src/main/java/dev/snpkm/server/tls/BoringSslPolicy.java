package dev.snpkm.server.tls;

import dev.snpkm.server.tls.KmipCipherSuite.TlsVersion;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.jspecify.annotations.Nullable;

/**
 * The server's TLS policy as BoringSSL settings, or why BoringSSL cannot hold it exactly. The JDK provider's policy is
 * the reference: whatever BoringSSL would do differently from it is a reason not to use BoringSSL.
 *
 * <ul>
 *   <li>Protocols and TLS 1.2 suites: the same lists (Netty translates the IANA names); a configured suite BoringSSL
 *       lacks (the CBC-SHA256/384 suites) is a refusal, not a silent drop.
 *   <li>TLS 1.3 suites: BoringSSL always offers all three of RFC 8446 §9.1's AES-GCM and ChaCha20 suites and cannot
 *       be told otherwise, so a configuration that offers TLS 1.3 with fewer is a refusal.
 *   <li>Key-exchange groups: the JDK's ({@code jdk.tls.namedGroups} if set, else JDK 17's default order x25519,
 *       secp256r1, secp384r1, secp521r1, x448, ffdhe*) restricted to those BoringSSL implements, set explicitly so
 *       BoringSSL's own defaults (which change between releases, e.g. post-quantum hybrids) never apply.
 * </ul>
 */
final class BoringSslPolicy {
    /** JDK (RFC 8422/7919 registry) group name → BoringSSL's name, in the JDK 17 default order. */
    private static final Map<String, String> GROUPS = Map.of(
            "x25519", "X25519",
            "secp256r1", "P-256",
            "secp384r1", "P-384",
            "secp521r1", "P-521");

    /** JDK 17's default order (x448 and ffdhe2048..8192 follow; BoringSSL implements neither). */
    private static final List<String> JDK_DEFAULT_ORDER = List.of("x25519", "secp256r1", "secp384r1", "secp521r1");

    private BoringSslPolicy() {}

    /** Why BoringSSL cannot hold {@code suites} exactly, if it cannot; {@code available} says what it implements. */
    static Optional<String> refusal(List<KmipCipherSuite> suites, Predicate<String> available) {
        List<String> missing = suites.stream()
                .map(KmipCipherSuite::jsseName)
                .filter(available.negate())
                .toList();
        if (!missing.isEmpty()) {
            return Optional.of("BoringSSL lacks the configured cipher suites " + missing);
        }
        Set<KmipCipherSuite> tls13 = EnumSet.noneOf(KmipCipherSuite.class);
        suites.stream().filter(s -> s.version() == TlsVersion.TLS_1_3).forEach(tls13::add);
        Set<KmipCipherSuite> allTls13 = EnumSet.allOf(KmipCipherSuite.class).stream()
                .filter(s -> s.version() == TlsVersion.TLS_1_3)
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(KmipCipherSuite.class)));
        if (!tls13.isEmpty() && !tls13.equals(allTls13)) {
            return Optional.of("BoringSSL always offers all TLS 1.3 suites " + allTls13 + " but only " + tls13
                    + " are configured");
        }
        return Optional.empty();
    }

    /**
     * BoringSSL's names of the groups the JDK provider would offer, in its order; empty when none of them is one
     * BoringSSL implements.
     *
     * @param jdkNamedGroups the value of {@code jdk.tls.namedGroups}, or null for the JDK's default list
     */
    static List<String> groups(@Nullable String jdkNamedGroups) {
        List<String> jdk = jdkNamedGroups == null || jdkNamedGroups.isBlank()
                ? JDK_DEFAULT_ORDER
                : List.of(jdkNamedGroups.replace("\"", "").split(","));
        List<String> boring = new ArrayList<>();
        for (String g : jdk) {
            String name = GROUPS.get(g.trim().toLowerCase(Locale.ROOT));
            if (name != null && !boring.contains(name)) {
                boring.add(name);
            }
        }
        return List.copyOf(boring);
    }
}
