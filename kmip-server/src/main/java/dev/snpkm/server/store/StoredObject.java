package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.time.Instant;
import java.util.Optional;

/**
 * A stored managed object's metadata. Material is never part of it: read it with {@link ObjectStore#material}.
 *
 * @param hasMaterial whether sealed material is stored (false for metadata-only objects and after Destroy)
 * @param materialDestroyedAt when Destroy removed the material, if it did
 */
public record StoredObject(
        String uid,
        int objectType,
        int state,
        String owner,
        SearchFields searchFields,
        Ttlv.Structure attributes,
        boolean hasMaterial,
        Instant createdAt,
        Instant updatedAt,
        Optional<Instant> materialDestroyedAt) {}
