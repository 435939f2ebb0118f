package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Option;

/**
 * How kmipctl reaches the KMIP listener: mTLS with the administrator certificate. Either the three files, or
 * {@code --data-dir} on the appliance host, which takes them from the bootstrapped PKI.
 */
final class KmipConnectionOptions {
    @Option(
            names = "--server",
            defaultValue = "127.0.0.1:5696",
            description = "host:port of the KMIP listener " + "(default ${DEFAULT-VALUE})")
    String server;

    @Option(names = "--ca", description = "CA certificate (PEM) that issued the server certificate")
    Path ca;

    @Option(names = "--cert", description = "administrator client certificate (PEM)")
    Path cert;

    @Option(names = "--key", description = "administrator private key (PEM, PKCS#8)")
    Path key;

    @Option(
            names = "--data-dir",
            defaultValue = DataDirectory.DEFAULT,
            paramLabel = "DIR",
            description = "the appliance's data directory on this host: --ca/--cert/--key not given are taken from "
                    + "its pki/ (the administrator certificate; default ${DEFAULT-VALUE})")
    Path dataDir;

    KmipTransport open() throws CliFailure {
        Path caFile = ca;
        Path certFile = cert;
        Path keyFile = key;
        DataDirectory d = new DataDirectory(dataDir);
        caFile = caFile != null ? caFile : d.caCertificate();
        certFile = certFile != null ? certFile : d.adminCertificate();
        keyFile = keyFile != null ? keyFile : d.adminKey();
        try {
            KmipEndpoint endpoint = KmipEndpoint.parse(server);
            // An admin at a prompt wants a fast answer, not the boot agent's 15 s of retries.
            TransportSettings settings = TransportSettings.defaults()
                    .withConnectTimeout(Duration.ofSeconds(5))
                    .withReadTimeout(Duration.ofSeconds(30))
                    .withRetries(2, Duration.ofMillis(200), Duration.ofMillis(500));
            return new KmipTransport(endpoint, ClientTlsConfig.fromPem(caFile, certFile, keyFile), settings);
        } catch (TlsConfigurationException | IllegalArgumentException e) {
            throw new CliFailure(e);
        }
    }
}
