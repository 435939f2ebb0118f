package dev.snpkm.appliance.config;

import dev.snpkm.appliance.attestation.AmdCrls;
import dev.snpkm.appliance.attestation.TrustRoots;
import dev.snpkm.server.store.PostgresDatabase;
import dev.snpkm.server.store.StoreException;
import dev.snpkm.server.tls.CaBundle;
import dev.snpkm.server.tls.ClientCrls;
import dev.snpkm.server.tls.TlsProvider;
import dev.snpkm.server.transport.HttpsSettings;
import dev.snpkm.server.transport.NetworkTransport;
import dev.snpkm.sev.cert.AmdRootStore;
import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Checks value ranges and references before the appliance opens anything; the first problem wins. */
final class ConfigValidator {

    void check(ApplianceConfig c) throws ConfigException {
        address("kmip.address", c.kmip().address());
        port("kmip.port", c.kmip().port(), true);
        range("kmip.lease-time-seconds", c.kmip().leaseTimeSeconds(), 1, 31_536_000);
        httpsPath(c.kmip().https());
        try {
            NetworkTransport.parse(String.valueOf(c.kmip().transport()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("kmip.transport", e);
        }
        address("metrics.address", c.metrics().address());
        port("metrics.port", c.metrics().port(), true);
        if (c.kmip().port() != 0 && c.kmip().port() == c.metrics().port()) {
            throw new ConfigException("metrics.port", c.metrics().port() + " is already kmip.port; choose another");
        }
        tls(c.tls());
        if (c.dataDir() == null) {
            throw new ConfigException("data-dir", "must be set (a directory the appliance may write)");
        }
        if (Files.exists(c.dataDir()) && !Files.isDirectory(c.dataDir())) {
            throw new ConfigException("data-dir", c.dataDir() + " exists and is not a directory");
        }
        ApplianceConfig.Limits l = c.limits();
        range("limits.max-connections", l.maxConnections(), 1, 1_000_000);
        range("limits.max-message-bytes", l.maxMessageBytes(), 1024, 64 * 1024 * 1024);
        range("limits.idle-timeout-seconds", l.idleTimeoutSeconds(), 1, 86_400);
        range("limits.workers", l.workers(), 1, 1024);
        range("limits.max-batch-items", l.maxBatchItems(), 1, 100_000);
        range("limits.handshake-timeout-seconds", l.handshakeTimeoutSeconds(), 1, 600);
        range("limits.handshake-timeout-under-pressure-millis", l.handshakeTimeoutUnderPressureMillis(), 100, 600_000);
        range("limits.reserved-connections", l.reservedConnections(), 0, l.maxConnections() - 1);
        range("limits.frame-timeout-seconds", l.frameTimeoutSeconds(), 1, 3600);
        range("limits.max-unsent-response-bytes", l.maxUnsentResponseBytes(), 64 * 1024, 1024 * 1024 * 1024);
        if (l.maxQueuedRequestBytes() < l.maxMessageBytes() || l.maxQueuedRequestBytes() > 16L * 1024 * 1024 * 1024) {
            throw new ConfigException(
                    "limits.max-queued-request-bytes",
                    l.maxQueuedRequestBytes() + " is out of range (limits.max-message-bytes-17179869184)");
        }
        required("limits.per-source", l.perSource());
        range("limits.per-source.max-connections", l.perSource().maxConnections(), 1, l.maxConnections());
        range("limits.per-source.max-handshakes", l.perSource().maxHandshakes(), 1, l.maxConnections());
        required("limits.per-client", l.perClient());
        range("limits.per-client.requests-per-second", l.perClient().requestsPerSecond(), 1, 1_000_000);
        range("limits.per-client.request-burst", l.perClient().requestBurst(), 1, 10_000_000);
        range("limits.per-client.nonces-per-minute", l.perClient().noncesPerMinute(), 1, 1_000_000);
        range("limits.per-client.nonce-burst", l.perClient().nonceBurst(), 1, 1_000_000);
        range("metrics.threads", c.metrics().threads(), 2, 256);
        range("metrics.request-timeout-seconds", c.metrics().requestTimeoutSeconds(), 1, 3600);
        range("metrics.response-timeout-seconds", c.metrics().responseTimeoutSeconds(), 1, 86_400);
        range("attestation.nonce-ttl-seconds", c.attestation().nonceTtlSeconds(), 5, 3600);
        Path roots = c.attestation().testTrustRootsDir();
        if (roots != null && !Files.isDirectory(roots)) {
            throw new ConfigException("attestation.test-trust-roots-dir", roots + " is not a directory");
        }
        amdCrls(c.attestation());
        store(c.store());
        certify(c.certify());
        identities("administrators", c.administrators());
        identities("vm-clients", c.vmClients());
    }

    /** Both files or neither; the key's owner-only mode, the pair and the CA itself are checked at start. */
    private static void certify(ApplianceConfig.Certify c) throws ConfigException {
        required("certify", c);
        if (!c.enabled()) {
            return;
        }
        if (c.caCertificate() == null || c.caPrivateKey() == null) {
            throw new ConfigException(
                    c.caCertificate() == null ? "certify.ca-certificate" : "certify.ca-private-key",
                    "must be set together with "
                            + (c.caCertificate() == null ? "certify.ca-private-key" : "certify.ca-certificate")
                            + " (or leave both unset: Certify off)");
        }
        readable("certify.ca-certificate", c.caCertificate());
        readable("certify.ca-private-key", c.caPrivateKey());
        range("certify.validity-days", c.validityDays(), 1, 3650);
    }

    private static void identities(String key, List<String> entries) throws ConfigException {
        for (int i = 0; i < entries.size(); i++) {
            String a = entries.get(i);
            if (!AdministratorIdentity.isWellFormed(a)) {
                throw new ConfigException(
                        key + "[" + i + "]", "'" + a + "' is neither CN=<common name> nor sha256:<64 hex digits>");
            }
        }
    }

    private static void store(ApplianceConfig.Store s) throws ConfigException {
        range("store.pool-size", s.poolSize(), 0, 1000);
        if (!s.external()) {
            if (s.user() != null || s.passwordFile() != null) {
                throw new ConfigException(
                        "store.url",
                        "is null (the embedded H2 store): user and password-file are " + "for a PostgreSQL url");
            }
            return;
        }
        try {
            PostgresDatabase.checkUrl(s.url());
        } catch (StoreException e) {
            throw new ConfigException("store.url", e);
        }
        if (s.user() == null || s.user().isBlank()) {
            throw new ConfigException("store.user", "must be set for a PostgreSQL store");
        }
        if (s.passwordFile() == null) {
            throw new ConfigException(
                    "store.password-file",
                    "must be set for a PostgreSQL store (the password is "
                            + "read from this file, never from the configuration or the command line)");
        }
        readable("store.password-file", s.passwordFile());
    }

    private static void tls(ApplianceConfig.Tls t) throws ConfigException {
        boolean any = t.certificate() != null || t.privateKey() != null || t.clientCa() != null;
        if (any) {
            // Mixing bootstrapped and operator files would pair a key with the wrong certificate.
            file("tls.certificate", t.certificate());
            file("tls.private-key", t.privateKey());
            file("tls.client-ca", t.clientCa());
        }
        clientCrls(t);
        try {
            TlsProvider.parse(String.valueOf(t.provider()));
        } catch (IllegalArgumentException e) {
            throw new ConfigException("tls.provider", e);
        }
        for (int i = 0; i < t.extraSans().size(); i++) {
            String san = t.extraSans().get(i);
            if (san == null || san.isBlank() || !san.matches("[A-Za-z0-9.:*-]+")) {
                throw new ConfigException("tls.extra-sans[" + i + "]", "'" + san + "' is not a DNS name or IP address");
            }
        }
    }

    /** Each CRL must parse and be signed by one of the client CAs; the runtime loads the same files again. */
    private static void clientCrls(ApplianceConfig.Tls t) throws ConfigException {
        if (t.clientCrls().isEmpty()) {
            return;
        }
        if (t.clientCa() == null) {
            throw new ConfigException(
                    "tls.client-crls",
                    "needs tls.client-ca (CRLs are for an external client CA; "
                            + "revoke certificates of the bootstrapped CA with kmipctl clients revoke)");
        }
        CaBundle cas;
        try {
            cas = CaBundle.read(t.clientCa());
        } catch (IOException e) {
            throw new ConfigException("tls.client-ca", e);
        }
        for (int i = 0; i < t.clientCrls().size(); i++) {
            String key = "tls.client-crls[" + i + "]";
            Path crl = t.clientCrls().get(i);
            if (crl == null) {
                throw new ConfigException(key, "must be the path of a CRL file");
            }
            readable(key, crl);
            try {
                ClientCrls.read(crl, cas.certificates());
            } catch (IOException e) {
                throw new ConfigException(key, e);
            }
        }
    }

    /** Each AMD CRL must parse and be signed by a pinned ARK (of the test roots, when those replace AMD's). */
    private static void amdCrls(ApplianceConfig.Attestation a) throws ConfigException {
        if (a.amdCrls().isEmpty()) {
            return;
        }
        AmdRootStore roots;
        try {
            roots = TrustRoots.load(a.testTrustRootsDir());
        } catch (IOException e) {
            throw new ConfigException("attestation.test-trust-roots-dir", e);
        }
        for (int i = 0; i < a.amdCrls().size(); i++) {
            String key = "attestation.amd-crls[" + i + "]";
            Path crl = a.amdCrls().get(i);
            if (crl == null) {
                throw new ConfigException(key, "must be the path of an AMD CRL file");
            }
            readable(key, crl);
            try {
                AmdCrls.read(crl, roots);
            } catch (IOException e) {
                throw new ConfigException(key, e);
            }
        }
    }

    private static void file(String key, Path p) throws ConfigException {
        if (p == null) {
            throw new ConfigException(
                    key,
                    "must be set when any of tls.certificate, tls.private-key, tls.client-ca "
                            + "is set (or leave all three unset to use the bootstrapped PKI)");
        }
        readable(key, p);
    }

    private static void readable(String key, Path p) throws ConfigException {
        if (!Files.isReadable(p)) {
            throw new ConfigException(key, p + " does not exist or is not readable");
        }
    }

    private static void httpsPath(ApplianceConfig.Https https) throws ConfigException {
        required("kmip.https", https);
        try {
            new HttpsSettings(https.enabled(), https.path(), HttpsSettings.DEFAULT_MAX_HEADER_BYTES);
        } catch (RuntimeException e) {
            throw new ConfigException("kmip.https.path", e.getMessage() == null ? "must be set" : e.getMessage());
        }
    }

    private static void port(String key, int port, boolean zeroAllowed) throws ConfigException {
        if (port < (zeroAllowed ? 0 : 1) || port > 65535) {
            throw new ConfigException(key, port + " is not a TCP port (1-65535)");
        }
    }

    private static void required(String key, Object section) throws ConfigException {
        if (section == null) {
            throw new ConfigException(key, "must be a mapping, not null");
        }
    }

    private static void range(String key, int v, int min, int max) throws ConfigException {
        if (v < min || v > max) {
            throw new ConfigException(key, v + " is out of range (" + min + "-" + max + ")");
        }
    }

    private static void address(String key, String a) throws ConfigException {
        if (a == null || a.isBlank()) {
            throw new ConfigException(key, "must be an IP address or host name");
        }
        if (!a.matches("[A-Za-z0-9.:%-]+")) {
            throw new ConfigException(key, "'" + a + "' is not an IP address or host name");
        }
        if (a.matches("[0-9.]+") || a.contains(":")) {
            try {
                InetAddress.getByName(a); // literal: no DNS lookup, just syntax
            } catch (UnknownHostException e) {
                throw new ConfigException(key, "'" + a + "' is not a valid IP address");
            }
        }
    }
}
