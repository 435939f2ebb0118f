package dev.snpkm.appliance.cli;

import dev.snpkm.appliance.bootstrap.CertificateAuthority;
import dev.snpkm.appliance.bootstrap.ClientCertificateIssuer;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.appliance.server.AuditInbox;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Client certificates from the appliance CA. Runs on the appliance host against the data directory (it needs the CA
 * key). Revocation appends the certificate's SHA-256 fingerprint to {@code revoked-clients.txt}, which the running
 * server re-reads on change and enforces per request (see ClientDenyList): no restart, no CRL distribution.
 */
@Command(
        name = "clients",
        description = "Issue and revoke KMIP client certificates.",
        subcommands = {ClientsCommand.Issue.class, ClientsCommand.RevokeClient.class})
final class ClientsCommand {

    /** Hands the action to the appliance's audit chain (AuditInbox); a failure is the command's failure. */
    static void audit(DataDirectory dir, String action, String detail) throws CliFailure {
        try {
            AuditInbox.submit(dir, action, "ok", detail);
        } catch (IOException e) {
            throw new CliFailure(action + " done but its audit record could not be written to " + dir.auditInbox()
                    + ": " + e.getMessage());
        }
    }

    @Command(name = "issue", description = "Issue a client certificate (clientAuth) signed by the appliance CA.")
    static final class Issue implements Callable<Integer> {
        @Option(names = "--cn", required = true, description = "the client's identity (certificate CN)")
        String cn;

        @Option(names = "--out", required = true, description = "directory for <cn>.pem, <cn>.key and ca.pem")
        Path out;

        /** No default: forgetting the VM role must not be possible, so the operator names one of the two. */
        static final class Role {
            @Option(
                    names = "--vm",
                    required = true,
                    description = "a confidential VM (kmip-unlock): receives key "
                            + "material only through the attested Get, never a key that is not bound")
            boolean vm;

            @Option(
                    names = "--service",
                    required = true,
                    description = "a storage system or other KMIP client that " + "reads the keys it owns")
            boolean service;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Role role;

        @Option(
                names = "--data-dir",
                defaultValue = DataDirectory.DEFAULT,
                paramLabel = "DIR",
                description = "the appliance's data directory, holding the CA (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            if (!cn.matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                throw new CliFailure("--cn '" + cn + "' must be 1-64 letters, digits, '.', '_' or '-'");
            }
            try {
                DataDirectory dir = new DataDirectory(dataDir);
                ClientCertificateIssuer.Issued issued = new ClientCertificateIssuer(dir).issue(cn, role.vm, out);
                audit(
                        dir,
                        "client-issue",
                        "CN=" + cn + " role=" + (role.vm ? "vm" : "service") + " sha256=" + issued.fingerprint());
                var o = spec.commandLine().getOut();
                o.println("certificate=" + issued.certificate());
                o.println("private_key=" + issued.privateKey() + " (mode 0600)");
                o.println("ca_certificate=" + issued.caCertificate());
                o.println("sha256=" + issued.fingerprint());
                o.println("role=" + (role.vm ? "vm" : "service"));
                return 0;
            } catch (IOException | GeneralSecurityException e) {
                throw new CliFailure("cannot issue a certificate for CN=" + cn + ": " + e.getMessage());
            }
        }
    }

    @Command(name = "revoke", description = "Deny a client certificate from now on (takes effect without restart).")
    static final class RevokeClient implements Callable<Integer> {
        static final class Which {
            @Option(names = "--cert", description = "the client's certificate (PEM)")
            Path cert;

            @Option(names = "--fingerprint", description = "the certificate's SHA-256 (64 hex digits)")
            String fingerprint;
        }

        @ArgGroup(exclusive = true, multiplicity = "1")
        Which which;

        @Option(
                names = "--data-dir",
                defaultValue = DataDirectory.DEFAULT,
                paramLabel = "DIR",
                description = "the appliance's data directory, holding revoked-clients.txt (default ${DEFAULT-VALUE})")
        Path dataDir;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws CliFailure {
            String fp;
            try {
                fp = which.cert != null
                        ? CertificateAuthority.sha256Fingerprint(CertificateAuthority.readCertificate(which.cert))
                        : which.fingerprint.toLowerCase(Locale.ROOT).replace(":", "");
            } catch (IOException | GeneralSecurityException e) {
                throw new CliFailure("cannot read " + which.cert + ": " + e.getMessage());
            }
            if (!fp.matches("[0-9a-f]{64}")) {
                throw new CliFailure("--fingerprint must be 64 hex digits (SHA-256 of the DER certificate)");
            }
            Path list = new DataDirectory(dataDir).revokedClients();
            try {
                OwnerOnlyFile.append(
                        list, (fp + " revoked " + java.time.Instant.now() + "\n").getBytes(StandardCharsets.US_ASCII));
            } catch (IOException e) {
                throw new CliFailure("cannot update " + list + ": " + e.getMessage());
            }
            audit(new DataDirectory(dataDir), "client-revoke", "sha256=" + fp);
            spec.commandLine().getOut().println("revoked sha256=" + fp + " (in " + list + ")");
            return 0;
        }
    }
}
