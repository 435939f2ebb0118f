package dev.snpkm.appliance.bootstrap;

import java.util.List;

/**
 * What an operator needs to connect: file locations, a kmipctl command line and a PyKMIP client config. Only paths and
 * fingerprints: never key material. Tests parse the "connect:" line, so its shape is part of the contract.
 */
public final class ConnectionInstructions {
    private ConnectionInstructions() {}

    public static List<String> lines(
            DataDirectory dir, String host, int kmipPort, boolean firstRun, String caFingerprint) {
        String kmipctl = "kmipctl status --server " + host + ":" + kmipPort + " --ca " + dir.caCertificate()
                + " --cert " + dir.adminCertificate() + " --key " + dir.adminKey();
        return List.of(
                (firstRun ? "first run: created" : "reusing") + " appliance PKI in " + dir.pki() + " (CA sha256 "
                        + caFingerprint + ")",
                "ca_certificate=" + dir.caCertificate(),
                "admin_certificate=" + dir.adminCertificate(),
                "admin_private_key=" + dir.adminKey() + " (mode 0600; keep it on this host)",
                "master_key=" + dir.masterKey() + " (mode 0600; back it up offline, separately from backups)",
                "connect: " + kmipctl,
                "pykmip client config (~/.pykmip/pykmip.conf):",
                "  [client]",
                "  host=" + host,
                "  port=" + kmipPort,
                "  certfile=" + dir.adminCertificate(),
                "  keyfile=" + dir.adminKey(),
                "  ca_certs=" + dir.caCertificate(),
                "  cert_reqs=CERT_REQUIRED");
    }
}
