package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.server.store.StoredObject;
import java.util.Optional;

/**
 * A stored object as handlers see it: its row, its decoded attributes, and its state at the time of the request (the
 * stored state advanced by Activation/Deactivation Dates, {@link dev.snpkm.server.lifecycle.KeyLifecycle}).
 */
public record KmipObject(StoredObject row, Attributes attributes, State state) {
    /** Read once: {@code values()} copies the array on every call, and a Get asks for the type several times. */
    private static final ObjectType[] TYPES = ObjectType.values();

    public String uid() {
        return row.uid();
    }

    public ObjectType objectType() {
        for (ObjectType t : TYPES) {
            if (t.value() == row.objectType()) {
                return t;
            }
        }
        throw new IllegalStateException("stored object " + row.uid() + " has unknown type " + row.objectType());
    }

    /** The attestation policy this object is bound to, if any (docs/ARCHITECTURE.md "The attested release"). */
    public Optional<String> attestationPolicy() {
        return attributes.text(AttributeNames.X_ATTESTATION_POLICY);
    }

    public boolean isBound() {
        return attributes.first(AttributeNames.X_ATTESTATION_POLICY).isPresent();
    }

    public boolean isKey() {
        ObjectType t = objectType();
        return t == ObjectType.SYMMETRIC_KEY || t == ObjectType.PUBLIC_KEY || t == ObjectType.PRIVATE_KEY;
    }

    public int usageMask() {
        return attributes.integer(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK).orElse(0);
    }
}
