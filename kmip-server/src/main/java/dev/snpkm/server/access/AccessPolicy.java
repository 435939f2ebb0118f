package dev.snpkm.server.access;

import dev.snpkm.server.auth.ClientIdentity;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Who may touch which object. Deny by default: an object belongs to the identity that created or registered it; other
 * clients get Permission Denied. Administrators (configured by certificate subject DN or SHA-256 fingerprint) may
 * operate on every object and set the attestation binding, but never read a bound object's material without the gate.
 *
 * <p>A VM identity ({@link #isVm}) and a grantee receive an object's secret material only through the attested Get:
 * never for an object that is not bound, whoever owns it
 * ({@code dev.snpkm.server.operations.access.UnattestedMaterialRule}).
 *
 * @param administrators subject DNs (RFC 2253) or lower-case hex SHA-256 certificate fingerprints
 * @param vmClients identities that are VMs although their certificate lacks the {@link VmRole} marker (certificates
 *     from an external CA): subject DNs or fingerprints
 */
public record AccessPolicy(Set<String> administrators, Set<String> vmClients) {
    public AccessPolicy {
        administrators = Set.copyOf(administrators);
        vmClients = Set.copyOf(vmClients);
    }

    public AccessPolicy(Set<String> administrators) {
        this(administrators, Set.of());
    }

    public static AccessPolicy noAdministrators() {
        return new AccessPolicy(Set.of());
    }

    /** The owner recorded for objects this client creates: its certificate subject. */
    public String ownerOf(ClientIdentity client) {
        return client.subjectDn();
    }

    public boolean isAdministrator(ClientIdentity client) {
        return administrators.contains(client.subjectDn()) || administrators.contains(client.sha256Fingerprint());
    }

    /**
     * Whether the client is a VM: its certificate carries the {@link VmRole} policy or it is listed in
     * {@link #vmClients}. An administrator is never treated as one (administrators are pinned, not issued to VMs).
     */
    public boolean isVm(ClientIdentity client) {
        return vmClients.contains(client.subjectDn())
                || vmClients.contains(client.sha256Fingerprint())
                || (!client.chain().isEmpty() && VmRole.markedIn(client.chain().get(0)));
    }

    /** Whether the client may operate on an object owned by {@code owner}. */
    public boolean mayAccess(ClientIdentity client, String owner) {
        return isAdministrator(client) || Objects.equals(ownerOf(client), owner);
    }

    /**
     * Whether an administrator granted this client read access ({@code x-authorized-client} values: subject DNs or
     * SHA-256 fingerprints). A grant never bypasses the attestation gate.
     */
    public boolean isGranted(ClientIdentity client, Collection<String> grants) {
        return grantedAs(client).stream().anyMatch(grants::contains);
    }

    /** The {@code x-authorized-client} values that grant this client access: its subject DN and its fingerprint. */
    public List<String> grantedAs(ClientIdentity client) {
        return List.of(client.subjectDn(), client.sha256Fingerprint());
    }
}
