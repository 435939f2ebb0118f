package dev.snpkm.appliance.bootstrap;

import java.io.IOException;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * First-run setup of the data directory: CA, server certificate, administrator client certificate, master key and
 * admin token. Idempotent: whatever already exists is reused untouched, so a second start changes nothing. Private
 * keys and the master key are created 0600 ({@link OwnerOnlyFile}); nothing here prints or logs key material.
 */
public final class PkiBootstrap {
    /** The CN of the bootstrapped administrator certificate; always in the administrator set. */
    public static final String ADMIN_CN = "admin";

    private final DataDirectory dir;
    private final List<String> extraSans;

    public PkiBootstrap(DataDirectory dir, List<String> extraSans) {
        this.dir = dir;
        this.extraSans = List.copyOf(extraSans);
    }

    public BootstrapResult run() throws IOException, GeneralSecurityException {
        OwnerOnlyFile.createDirectory(dir.root());
        OwnerOnlyFile.createDirectory(dir.pki());
        OwnerOnlyFile.removeLeftovers(dir.root());
        OwnerOnlyFile.removeLeftovers(dir.pki());
        boolean createdPki = false;
        CertificateAuthority ca;
        if (Files.exists(dir.caCertificate()) && Files.exists(dir.caKey())) {
            ca = CertificateAuthority.load(dir.caCertificate(), dir.caKey());
        } else if (Files.exists(dir.caCertificate()) || Files.exists(dir.caKey())) {
            throw new IOException("only one of " + dir.caCertificate() + " and " + dir.caKey()
                    + " exists; restore the other or remove both to create a new CA");
        } else {
            ca = CertificateAuthority.create("snpkm appliance CA " + hostName());
            OwnerOnlyFile.create(dir.caKey(), CertificateAuthority.pemBytes(ca.privateKey()));
            OwnerOnlyFile.writePublic(dir.caCertificate(), CertificateAuthority.pemBytes(ca.certificate()));
            createdPki = true;
        }
        if (!Files.exists(dir.serverCertificate())) {
            IssuedCredential server = ca.issueServer(hostName(), serverNames());
            write(dir.serverCertificate(), dir.serverKey(), server, ca.certificate());
            createdPki = true;
        }
        if (!Files.exists(dir.adminCertificate())) {
            IssuedCredential admin = ca.issueClient(ADMIN_CN);
            write(dir.adminCertificate(), dir.adminKey(), admin, null);
            createdPki = true;
        }
        if (!Files.exists(dir.masterKey()) && Files.exists(dir.storeFile())) {
            // A new key would open none of the store's objects (the store refuses it too: MasterKeyCheck).
            throw new IOException(dir.masterKey() + " is missing, but the store " + dir.storeFile() + " holds objects"
                    + " sealed under it: restore master.key from its backup (kmipctl backup restore --master-key), or"
                    + " move the store away to start afresh");
        }
        boolean createdMasterKey = new MasterKeyFile(dir.masterKey()).ensureExists();
        if (!Files.exists(dir.adminToken())) {
            byte[] token = new byte[32];
            new SecureRandom().nextBytes(token);
            OwnerOnlyFile.create(
                    dir.adminToken(),
                    HexFormat.of().formatHex(token).getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        }
        X509Certificate adminCert = CertificateAuthority.readCertificate(dir.adminCertificate());
        return new BootstrapResult(
                createdPki,
                createdMasterKey,
                CertificateAuthority.sha256Fingerprint(ca.certificate()),
                CertificateAuthority.sha256Fingerprint(adminCert));
    }

    /** Leaf certificate first, then the CA, so clients that want a chain get one. */
    private static void write(Path certFile, Path keyFile, IssuedCredential c, @Nullable X509Certificate issuer)
            throws IOException {
        // The key is written first: a crash in between leaves no certificate whose key is missing.
        Files.deleteIfExists(keyFile);
        OwnerOnlyFile.create(keyFile, CertificateAuthority.pemBytes(c.keyPair().getPrivate()));
        String chain =
                CertificateAuthority.pem(c.certificate()) + (issuer == null ? "" : CertificateAuthority.pem(issuer));
        OwnerOnlyFile.writePublic(certFile, chain.getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }

    private Set<String> serverNames() {
        Set<String> names = new LinkedHashSet<>(List.of("localhost", "127.0.0.1", "::1"));
        names.add(hostName());
        names.addAll(extraSans);
        return names;
    }

    static String hostName() {
        try {
            String h = InetAddress.getLocalHost().getHostName();
            return h.matches("[A-Za-z0-9.-]+") ? h : "localhost";
        } catch (IOException e) {
            return "localhost";
        }
    }

    /**
     * What the bootstrap did.
     *
     * @param createdPki whether any certificate was created on this run (false on every later start)
     * @param caFingerprint SHA-256 of the CA certificate, stable across restarts
     * @param adminFingerprint SHA-256 of the administrator certificate
     */
    public record BootstrapResult(
            boolean createdPki, boolean createdMasterKey, String caFingerprint, String adminFingerprint) {}
}
