package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Managed objects at rest. Material is sealed under the master key, bound to the object's uid, before it reaches the
 * database; metadata is stored in the clear for Locate. Every mutating call returns only after the database has made
 * the change durable: an acknowledged object survives a crash of the server process.
 */
public interface ObjectStore {

    /**
     * Stores a new object under a fresh uid and returns it, with its names and grantees in their tables.
     *
     * @throws NameInUseException if one of its {@link SearchFields#names} is held by another live object of the
     *     owner, or twice by this one (the name table's unique key decides, also between concurrent requests)
     */
    StoredObject create(NewStoredObject object);

    /**
     * Import (KMIP 2.1 §6.1 "Import"): stores the object under the uid the client chose, as {@link #create} stores a
     * new one. An existing object with that uid is replaced in place (its row, material, names and grantees) when
     * {@code replace} is set; otherwise nothing is written.
     *
     * @throws ObjectExistsException if the uid is taken and {@code replace} is not set
     * @throws NameInUseException as {@link #create}
     */
    StoredObject put(String uid, NewStoredObject object, boolean replace);

    Optional<StoredObject> get(String uid);

    /**
     * The object, its row locked until the enclosing unit of work ends: read-modify-write edits of one object (Add
     * Attribute, Activate, ...) from concurrent requests then apply one after the other instead of losing each other.
     */
    Optional<StoredObject> getForUpdate(String uid);

    /**
     * Get's read: the object and its material in one statement, so both come from the same committed state and a Get
     * costs one query, not two. The material stays sealed until {@link Readout#unseal()}, which the caller calls
     * after its access checks.
     */
    Optional<Readout> getWithMaterial(String uid);

    /** An object read with its material still sealed. */
    interface Readout {
        StoredObject row();

        /**
         * The material, unsealed; the caller zeroes the array when done.
         *
         * @throws StoreException if the object has no material (never had any, or destroyed)
         * @throws dev.snpkm.server.crypto.SealedMaterialException if the sealed material fails authentication
         */
        byte[] unseal();
    }

    /**
     * The object's material, unsealed; the caller zeroes the array when done.
     *
     * @throws NoSuchObjectException if there is no such object
     * @throws StoreException if the object has no material (never had any, or destroyed)
     * @throws dev.snpkm.server.crypto.SealedMaterialException if the sealed material fails authentication
     */
    byte[] material(String uid);

    /**
     * Replaces the attribute structure and the search fields derived from it, rewriting every table derived from the
     * attributes: a live object's names are claimed as by {@link #create} (a destroyed object's are not), its grantees
     * replaced.
     *
     * @throws NameInUseException as {@link #create} (re-setting a Name the object holds is no clash)
     */
    default void updateAttributes(String uid, SearchFields searchFields, Ttlv.Structure attributes) {
        updateAttributes(uid, searchFields, attributes, EnumSet.allOf(Derived.class));
    }

    /**
     * As {@link #updateAttributes(String, SearchFields, Ttlv.Structure)}, rewriting only the derived tables the edit
     * changed: an edit that leaves the Names and grants as they were (Activate, Revoke, a Get clearing Fresh...) costs
     * no writes to either table and cannot clash.
     */
    void updateAttributes(String uid, SearchFields searchFields, Ttlv.Structure attributes, Set<Derived> changed);

    /** The tables the store keeps in step with an object's attributes. */
    enum Derived {
        /** object_name: {@link SearchFields#names}, unique per owner. */
        NAMES,
        /** object_grant: {@link SearchFields#grantees}, for Locate. */
        GRANTS
    }

    /** Sets the state; Destroyed and Destroyed Compromised release the object's names. */
    void updateState(String uid, int state);

    /** KMIP Destroy: erases the material, keeps the metadata, sets the new state and releases the names. */
    void destroyMaterial(String uid, int newState);

    /** Objects matching the query, oldest first, at most {@code query.maxItems()}. */
    List<StoredObject> locate(LocateQuery query);

    /**
     * Visits the objects {@link #locate} would return, in its order, one at a time without holding them all (a
     * Locate over a large store holds only what it keeps). The store's read is open while the visitor runs: the
     * visitor must not use the store.
     */
    void scan(LocateQuery query, Consumer<StoredObject> visitor);
}
