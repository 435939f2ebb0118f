package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * Instance bookkeeping for Add/Modify/Delete/Set Attribute: which attributes may hold several instances (KMIP 1.4 §3
 * "Multiple instances permitted"; custom attributes, except our single-valued binding), and index arithmetic over
 * the instances of one name (1.x Attribute Index, 2.x Current Attribute).
 */
public final class AttributeInstances {
    private static final Set<String> MULTI = Set.of(
            AttributeNames.NAME,
            AttributeNames.OBJECT_GROUP,
            AttributeNames.LINK,
            AttributeNames.APPLICATION_SPECIFIC_INFORMATION,
            "Alternative Name");

    private AttributeInstances() {}

    public static boolean isMultiInstance(String name) {
        return MULTI.contains(name)
                || (AttributeNames.isCustom(name) && !name.equals(AttributeNames.X_ATTESTATION_POLICY));
    }

    /** Index among the instances of its name of the first instance equal in value to {@code current}, or -1. */
    public static int indexOf(Attributes a, Attribute current) {
        List<Attribute> instances = a.all(current.name());
        for (int i = 0; i < instances.size(); i++) {
            if (instances.get(i).value().equals(current.value())) {
                return i;
            }
        }
        return -1;
    }

    /** The attributes with the {@code index}-th instance of {@code name} replaced (value null: removed). */
    public static Attributes replaceInstance(Attributes a, String name, int index, @Nullable Attribute value) {
        List<Attribute> out = new ArrayList<>();
        int seen = 0;
        for (Attribute x : a.list()) {
            if (x.name().equals(name) && seen++ == index) {
                if (value != null) {
                    out.add(new Attribute(name, null, value.value()));
                }
            } else {
                out.add(x);
            }
        }
        return new Attributes(out);
    }
}
