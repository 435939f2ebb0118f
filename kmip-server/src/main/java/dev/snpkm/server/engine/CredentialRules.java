package dev.snpkm.server.engine;

import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.server.auth.ClientIdentity;
import org.jspecify.annotations.Nullable;

/**
 * The credentials a request header carries, checked before any item runs (KMIP 1.4 §6.6 Authentication, Profiles 2.1
 * §3.1.3: when a credential is present the server uses its identity). This server authenticates every client by its
 * TLS client certificate and keys all access rules to it, so a credential may only confirm that identity:
 * <ul>
 *   <li>Username and Password: the Username must be the certificate's Common Name; any other name is Authentication
 *       Not Successful. The server keeps no passwords: the certificate, not the Password, is the proof.</li>
 *   <li>Device, One Time Password, Hashed Password, Ticket and unknown types: refused (fail closed): there is no
 *       device, password or ticket registry to check them against, and ignoring them would let a client believe it
 *       acted as someone it is not.</li>
 *   <li>Attestation: checked by the attested release (release.AttestedReleaseGate), not here.</li>
 * </ul>
 * Returns a one-line problem, or null when every credential holds.
 */
final class CredentialRules {
    private CredentialRules() {}

    static @Nullable String problem(RequestHeader header, ClientIdentity client) {
        for (Credential c : header.credentials()) {
            String problem = problem(c, client);
            if (problem != null) {
                return problem;
            }
        }
        return null;
    }

    private static @Nullable String problem(Credential c, ClientIdentity client) {
        if (c instanceof Credential.Attestation) {
            return null;
        }
        if (c instanceof Credential.UsernamePassword up) {
            if (client.commonName().filter(up.username()::equals).isPresent()) {
                return null;
            }
            return "the Username/Password credential names '" + quoted(up.username())
                    + "', but the TLS client certificate is "
                    + client.commonName().map(n -> "'" + n + "'").orElse("without a Common Name")
                    + "; a credential must name the certificate's identity";
        }
        return "credential type " + kind(c) + " cannot be verified by this server, which authenticates clients by "
                + "their TLS certificate (send Username/Password naming the certificate's Common Name, or none)";
    }

    /** What the client sent, cut to a length a one-line message and an audit record can carry. */
    private static String quoted(String username) {
        return username.length() <= 128 ? username : username.substring(0, 128) + "… (" + username.length() + " chars)";
    }

    private static String kind(Credential c) {
        if (c instanceof Credential.Device) {
            return "Device";
        }
        if (c instanceof Credential.OneTimePassword) {
            return "One Time Password";
        }
        if (c instanceof Credential.HashedPassword) {
            return "Hashed Password";
        }
        if (c instanceof Credential.Ticket) {
            return "Ticket";
        }
        return c instanceof Credential.Unknown u
                ? String.valueOf(u.credentialType())
                : c.getClass().getSimpleName();
    }
}
