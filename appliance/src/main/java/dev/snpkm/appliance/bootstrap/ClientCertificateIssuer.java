package dev.snpkm.appliance.bootstrap;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.security.GeneralSecurityException;

/** Issues a KMIP client certificate from the data directory's CA into an output directory (key 0600). */
public final class ClientCertificateIssuer {
    private final DataDirectory dir;

    public ClientCertificateIssuer(DataDirectory dir) {
        this.dir = dir;
    }

    /** Where the files went and the certificate's fingerprint (for the administrators list or a later revoke). */
    public record Issued(Path certificate, Path privateKey, Path caCertificate, String fingerprint) {}

    public Issued issue(String cn, Path outDir) throws IOException, GeneralSecurityException {
        return issue(cn, false, outDir);
    }

    /** @param vm issue with the VM role: key material reaches this identity only through the attested Get */
    public Issued issue(String cn, boolean vm, Path outDir) throws IOException, GeneralSecurityException {
        if (!Files.exists(dir.caKey())) {
            throw new IOException("no CA key at " + dir.caKey() + "; run on the appliance host with its --data-dir");
        }
        CertificateAuthority ca = CertificateAuthority.load(dir.caCertificate(), dir.caKey());
        Path cert = outDir.resolve(cn + ".pem");
        Path key = outDir.resolve(cn + ".key");
        if (Files.exists(cert, LinkOption.NOFOLLOW_LINKS) || Files.exists(key, LinkOption.NOFOLLOW_LINKS)) {
            throw new IOException(cert + " or " + key + " already exists; choose another --out");
        }
        IssuedCredential issued = ca.issueClient(cn, vm);
        // Created without replacing anything: a file or symlink planted after the check above fails them, so the
        // key cannot be written to wherever such a link points.
        OwnerOnlyFile.create(key, CertificateAuthority.pemBytes(issued.keyPair().getPrivate()));
        try {
            OwnerOnlyFile.createPublic(cert, CertificateAuthority.pemBytes(issued.certificate()));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(key); // else a second try with this CN is refused for a key without its certificate
            throw e;
        }
        Path caCopy = outDir.resolve("ca.pem"); // shared by every client issued into outDir, so replaced
        OwnerOnlyFile.writePublic(caCopy, Files.readAllBytes(dir.caCertificate()));
        return new Issued(cert, key, caCopy, CertificateAuthority.sha256Fingerprint(issued.certificate()));
    }
}
