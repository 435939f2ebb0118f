package dev.snpkm.appliance.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Everything the appliance reads from its YAML file (see {@code appliance-defaults.yaml} for the keys and defaults).
 * Immutable; built only by {@link ConfigLoader}, which validates it before anything listens.
 */
public record ApplianceConfig(
        Kmip kmip,
        Tls tls,
        Path dataDir,
        Path policies,
        Limits limits,
        List<String> administrators,
        Metrics metrics,
        Attestation attestation,
        List<String> vmClients,
        Store store,
        Certify certify) {

    /** @param vmClients identities ("CN=name" or "sha256:hex") that are VMs although their certificates lack the
     *     VM role (certificates from an external CA): they receive key material only through the attested Get */
    public ApplianceConfig {
        administrators = List.copyOf(administrators);
        vmClients = vmClients == null ? List.of() : List.copyOf(vmClients);
    }

    /**
     * Whether a bind address means every interface ("0.0.0.0", "::"; the validator admits no bracketed form): not an
     * address to dial.
     */
    public static boolean isWildcard(String address) {
        return address.equals("0.0.0.0") || address.equals("::");
    }

    /**
     * Where KMIP clients connect, the Lease Time the server grants them (KMIP Obtain Lease), and whether the same port
     * also answers KMIP over HTTPS. {@code transport}: the socket layer, {@code auto} (Netty's native epoll where it
     * loads, else the JDK's NIO), {@code epoll} or {@code nio} ({@code NetworkTransport}).
     */
    public record Kmip(String address, int port, int leaseTimeSeconds, Https https, String transport) {}

    /**
     * KMIP over HTTPS on the KMIP port (KMIP Profiles 2.1 §3.2, §5.3): {@code POST path} with TTLV, JSON or XML bodies,
     * told from TTLV by the first byte. Off by default: few clients speak it, and off keeps the HTTP, JSON and XML
     * parsers out of reach of even the authenticated clients.
     */
    public record Https(boolean enabled, String path) {}

    /**
     * Null paths mean "the bootstrapped files in the data directory". {@code clientCrls}: CRL files (PEM or DER) of
     * client CAs, checked at handshake and per request; empty = no CRL checking. {@code provider}: {@code auto}
     * (BoringSSL where it loads, else the JDK), {@code openssl} or {@code jdk} ({@code TlsProvider}).
     */
    public record Tls(
            Path certificate,
            Path privateKey,
            Path clientCa,
            boolean acceptWithoutClientAuthEku,
            List<String> extraSans,
            List<Path> clientCrls,
            String provider) {
        public Tls {
            extraSans = List.copyOf(extraSans);
            // Not List.copyOf: a null entry must reach the validator, which names the key, not fail in Jackson.
            clientCrls = clientCrls == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(clientCrls));
        }

        public boolean usesBootstrappedPki() {
            return certificate == null && privateKey == null && clientCa == null;
        }
    }

    /**
     * Connection, message and worker limits, and the limits that keep one peer from taking the server away from the
     * others (see docs/SECURITY.md "Availability").
     */
    public record Limits(
            int maxConnections,
            int maxMessageBytes,
            int idleTimeoutSeconds,
            int workers,
            int maxBatchItems,
            int handshakeTimeoutSeconds,
            int handshakeTimeoutUnderPressureMillis,
            int reservedConnections,
            int frameTimeoutSeconds,
            int maxUnsentResponseBytes,
            long maxQueuedRequestBytes,
            PerSource perSource,
            PerClient perClient) {}

    /** What one source address (IPv4 address, IPv6 /64) may hold. */
    public record PerSource(int maxConnections, int maxHandshakes) {}

    /** Rates per client certificate, over all its connections. */
    public record PerClient(int requestsPerSecond, int requestBurst, int noncesPerMinute, int nonceBurst) {}

    /**
     * The operations HTTP endpoint: /metrics, /healthz, /readyz and the loopback-only admin routes.
     *
     * @param threads requests served at once
     * @param requestTimeoutSeconds a request must arrive whole within this, or its connection is closed
     * @param responseTimeoutSeconds a response must be sent and taken within this from the request, or its connection
     *     is closed: an online backup is streamed while it is made, so this bounds the store it can back up
     */
    public record Metrics(
            String address, int port, int threads, int requestTimeoutSeconds, int responseTimeoutSeconds) {}

    /**
     * @param testTrustRootsDir null (the default and the only production setting) = AMD's real pinned roots; a
     *     directory of {@code <product>/ark.pem|ask.pem|asvk.pem} replaces them, for labs and tests with a generated
     *     AMD hierarchy — a host with such a directory releases keys to reports no real AMD chip signed
     * @param amdCrls AMD's per-product CRLs (PEM or DER files from AMD's KDS), each signed by a pinned ARK; empty = no
     *     revocation check of the ASK/ASVK
     */
    public record Attestation(int nonceTtlSeconds, Path testTrustRootsDir, List<Path> amdCrls) {
        public Attestation {
            // Not List.copyOf: a null entry must reach the validator, which names the key, not fail in Jackson.
            amdCrls = amdCrls == null ? List.of() : Collections.unmodifiableList(new ArrayList<>(amdCrls));
        }
    }

    /**
     * Where the objects, nonces and audit chain live: {@code url} null = the embedded H2 file in the data directory;
     * a {@code jdbc:postgresql://} URL = an external PostgreSQL server, as {@code user} with the password in
     * {@code passwordFile}. {@code poolSize} 0 = sized for the workers.
     */
    public record Store(String url, String user, Path passwordFile, int poolSize) {
        public boolean external() {
            return url != null;
        }
    }

    /**
     * KMIP Certify's issuing CA (KMIP 1.4 §4.7): off unless both files are set. It must not be a CA the server trusts
     * for client certificates (refused at start): what it signs would then log in as a KMIP client.
     *
     * @param caPrivateKey PKCS#8 PEM, owner-only (refused unless its mode is 0600 or stricter)
     * @param validityDays of each issued certificate, never past the CA's own expiry
     */
    public record Certify(Path caCertificate, Path caPrivateKey, int validityDays) {
        public boolean enabled() {
            return caCertificate != null || caPrivateKey != null;
        }
    }

    /** The policy location with the data-dir default applied. */
    public Path policiesPath() {
        return policies != null ? policies : dataDir.resolve("policies.yaml");
    }

    public ApplianceConfig withDataDir(Path dir) {
        return new ApplianceConfig(
                kmip, tls, dir, policies, limits, administrators, metrics, attestation, vmClients, store, certify);
    }
}
