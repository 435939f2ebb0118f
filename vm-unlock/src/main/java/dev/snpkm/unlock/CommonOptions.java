package dev.snpkm.unlock;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every subcommand takes; each may instead come from the config file under the same name. */
public final class CommonOptions {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description = "Properties file with the settings below (default " + "/etc/kmip-unlock/kmip-unlock.conf"
                    + " if it exists).")
    Path config;

    @Option(
            names = "--server",
            paramLabel = "HOST[:PORT][,HOST[:PORT]...]",
            description = "Key manager address (port 5696); several, comma-separated, are tried in order (failover).")
    String server;

    @Option(names = "--key-id", paramLabel = "ID", description = "Unique Identifier of the disk key.")
    String keyId;

    @Option(names = "--ca", paramLabel = "PEM", description = "CA bundle that issued the key manager's certificate.")
    Path ca;

    @Option(names = "--cert", paramLabel = "PEM", description = "This guest's client certificate (chain).")
    Path cert;

    @Option(names = "--key", paramLabel = "PEM", description = "Its PKCS#8 private key ('BEGIN PRIVATE KEY').")
    Path key;

    @Option(
            names = "--server-key-sha256",
            paramLabel = "HEX",
            description = "Pin the server's public key (SHA-256 of its SPKI) instead of checking its host name.")
    String serverKeySha256;

    @Option(
            names = "--tls-compat",
            paramLabel = "modern|pykmip",
            description = "pykmip also offers the TLS 1.2 CBC suites a PyKMIP server needs.")
    String tlsCompat;

    @Option(names = "--connect-timeout", paramLabel = "SECONDS", description = "TCP connect timeout (5).")
    String connectTimeoutSeconds;

    @Option(names = "--read-timeout", paramLabel = "SECONDS", description = "Response timeout (30).")
    String readTimeoutSeconds;

    @Option(
            names = "--attempts",
            paramLabel = "N",
            description = "Connection attempts (rounds over all servers), with backoff (6).")
    String attempts;

    @Option(
            names = "--deadline",
            paramLabel = "SECONDS",
            description = "Give up after this long in all (25): the guest wait, every attempt and timeout and "
                    + "cryptsetup; the units' TimeoutStartSec=30s adds the JVM start.")
    String deadlineSeconds;

    @Option(
            names = "--release-wrapping",
            paramLabel = "ecdh-p256|ecdh-p384|rsa-oaep",
            description = "How the key manager wraps the released key to this boot's ephemeral key: ECDH P-256 + AES "
                    + "key wrap (default), the same on P-384 (where rules ask for 192-bit security), or RSA-OAEP-SHA256 "
                    + "to an RSA-3072 key (its key generation takes hundreds of ms), for key managers without the ECDH "
                    + "route.")
    String releaseWrapping;
}
