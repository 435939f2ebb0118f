package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.Objects;

/**
 * What the store needs to create a managed object.
 *
 * @param objectType KMIP Object Type enumeration value
 * @param state KMIP State enumeration value
 * @param owner the creating client's identity (the server passes its certificate identity)
 * @param searchFields the attributes Locate filters on
 * @param attributes all of the object's attributes, stored as TTLV
 * @param material the key material to seal, or null for an object without material; the caller zeroes it after
 *     {@link ObjectStore#create} returns
 */
public record NewStoredObject(
        int objectType,
        int state,
        String owner,
        SearchFields searchFields,
        Ttlv.Structure attributes,
        byte[] material) {

    public NewStoredObject {
        Objects.requireNonNull(owner, "owner");
        Objects.requireNonNull(searchFields, "searchFields");
        Objects.requireNonNull(attributes, "attributes");
    }

    /** Never prints material. */
    @Override
    public String toString() {
        return "NewStoredObject[type=" + objectType + ", state=" + state + ", owner=" + owner + ", material="
                + (material == null ? "none" : material.length + " bytes") + "]";
    }
}
