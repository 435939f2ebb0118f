/**
 * One handler per KMIP operation behind the {@link dev.snpkm.server.operations.OperationDispatcher} table, and the
 * context a batch item runs in ({@link dev.snpkm.server.operations.OperationContext}, the batch's
 * {@link dev.snpkm.server.operations.BatchState}, the shared {@link dev.snpkm.server.operations.ServerServices}, the
 * {@link dev.snpkm.server.operations.KmipObject} a handler works on, and the version-aware Result Reasons). A handler
 * reads as a short walk through three collaborating packages:
 * <ul>
 *   <li>{@code operations.access}: which object the request reaches and whether its material may leave (the owner,
 *       grants, the attestation binding, Sensitive and Extractable, the wrapping key), and what of it is audited;</li>
 *   <li>{@code operations.attributes}: the attribute rules (who may set what, server-set and initial attributes,
 *       unique Names, Templates, Leases) and the attributes' stored and 1.x/2.x views;</li>
 *   <li>{@code operations.material}: key material in its stored form, converted to the Key Format Type asked for and
 *       wrapped under a Key Wrapping Specification.</li>
 * </ul>
 * Get, for example: {@code ObjectAccess.checked} (access), {@code UnattestedMaterialRule} and {@code ExportRules}
 * (may it leave), {@code WrappingKeys.resolve}, the attestation gate for a bound key, {@code ObjectMaterials.toWire}
 * and {@code KeyWrapper.wrap} (material), then {@code InitialAttributes.served} (no longer Fresh).
 */
package dev.snpkm.server.operations;
