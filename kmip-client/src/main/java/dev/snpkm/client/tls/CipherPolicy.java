package dev.snpkm.client.tls;

import java.util.ArrayList;
import java.util.List;

/** Which TLS versions and cipher suites the client offers. */
public enum CipherPolicy {
    /** TLS 1.3 and TLS 1.2 with AEAD (GCM) ECDHE suites only: what our own server prefers. */
    MODERN(List.of()),
    /**
     * MODERN plus the TLS 1.2 CBC-SHA256/384 suites, for the PyKMIP server, which offers no GCM suite and answers a
     * modern-only client with "no shared cipher" (PyKMIP 0.10's auth_suite TLS1.2: TLS 1.2 only, no ECDHE-RSA-GCM).
     */
    PYKMIP_COMPATIBLE(List.of(
            "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA256",
            "TLS_RSA_WITH_AES_256_CBC_SHA256",
            "TLS_RSA_WITH_AES_128_CBC_SHA256"));

    /** KMIP 2.1 Profiles §3.1: TLS 1.3 SHALL, 1.2 SHOULD, nothing older. */
    static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

    private static final List<String> AEAD = List.of(
            "TLS_AES_256_GCM_SHA384",
            "TLS_CHACHA20_POLY1305_SHA256",
            "TLS_AES_128_GCM_SHA256",
            "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
            "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256");

    private final List<String> legacyCbc;

    CipherPolicy(List<String> legacyCbc) {
        this.legacyCbc = legacyCbc;
    }

    /** The suites to offer, strongest first. */
    public List<String> cipherSuites() {
        List<String> out = new ArrayList<>(AEAD);
        out.addAll(legacyCbc);
        return List.copyOf(out);
    }
}
