/**
 * An object's key material: its stored form ({@link dev.snpkm.server.operations.material.StoredMaterial}, sealed by
 * the store), turned into the wire object in the Key Format Type asked for (Raw, PKCS#1/#8, X.509, Transparent
 * keys: {@code ObjectMaterials}, {@code KeyFormats}, {@code TransparentKeys}), wrapped under a Key Wrapping
 * Specification ({@code KeyWrapper}: RSA-OAEP, ECDH + AES key wrap, AES key wrap), and its Digest attribute. Material
 * arrays are zeroed after use; nothing here decides who may have it (that is {@code operations.access}).
 */
package dev.snpkm.server.operations.material;
