package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import java.util.Set;

/**
 * What a Get Attributes that names no attribute ("all attributes", KMIP 1.4 §4.12, 2.1 §6.1.22) returns: the
 * object's attributes defined in the request's protocol version ({@link AttributeView}), less the server-derived
 * flags and aliases that clients announcing that version still cannot decode.
 *
 * <p>Why a deviation at all: PyKMIP 0.10 (Debian's python3-pykmip, a client this appliance supports) speaks 1.4 and
 * 2.0 but decodes only the KMIP 1.2 attribute set, and fails the whole response on the first attribute it lacks
 * ("No value type for ALWAYS_SENSITIVE" at 1.4, "Unrecognized attribute type: SHORT_UNIQUE_IDENTIFIER" at 2.0).
 * The attributes left out here are ones the server sets on every object by itself (the sensitivity and
 * extractability flags, Short Unique Identifier, Protection Storage Mask, Original Creation Date, Key Format Type,
 * Random Number Generator), so "all attributes" without them loses nothing the client set; Initial Date and the
 * object's own fields stay. They are still returned when named, and Get Attribute List still lists them. (PyKMIP
 * 0.10 cannot decode a Link or a Revocation Reason in any version either; those are kept: they say what the object
 * is, and a client that lacks them asks by name.)
 */
final class UnnamedGetAttributes {
    private static final Set<String> LEFT_OUT = Set.of(AttributeNames.SENSITIVE, AttributeNames.EXTRACTABLE,
            AttributeNames.ALWAYS_SENSITIVE, AttributeNames.NEVER_EXTRACTABLE, AttributeNames.SHORT_UNIQUE_IDENTIFIER,
            ProtectionStorage.ATTRIBUTE, "Original Creation Date", AttributeNames.KEY_FORMAT_TYPE,
            "Random Number Generator");

    private UnnamedGetAttributes() {
    }

    static Attributes of(Attributes versionAttributes) {
        return new Attributes(versionAttributes.list().stream().filter(a -> !isLeftOut(a)).toList());
    }

    private static boolean isLeftOut(Attribute a) {
        return LEFT_OUT.contains(a.name());
    }
}
