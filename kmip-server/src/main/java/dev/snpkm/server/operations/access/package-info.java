/**
 * Which objects a request reaches and whose material may leave: {@link
 * dev.snpkm.server.operations.access.ObjectAccess} loads an object checked against its owner and grants (deny by
 * default, the identity rules of {@code server.access}), evaluates its lifecycle state and saves its changes; the
 * rules that keep a bound key's material behind the attestation gate (no bypass: {@code BoundMaterialGuard},
 * {@code UnattestedMaterialRule}, {@code BoundRefusal}), the export rules of Sensitive and Extractable, the checked
 * wrapping key of a Get and key of a cryptographic service; and {@code ActionRecords}, what the audit log records of
 * the changes saved here.
 */
package dev.snpkm.server.operations.access;
