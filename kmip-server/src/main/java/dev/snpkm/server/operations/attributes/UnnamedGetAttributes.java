package dev.snpkm.server.operations.attributes;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.Set;

/**
 * What a Get Attributes that names no attribute ("all attributes", KMIP 1.4 §4.12, 2.1 §6.1.22) returns: the
 * object's attributes defined in the request's protocol version ({@link AttributeView}); at the versions no claimed
 * OASIS profile tests, less the server-derived flags and aliases that clients of those versions cannot decode.
 *
 * <p>Why: PyKMIP 0.10 (Debian's python3-pykmip, a client this appliance supports) announces 1.2 to 2.0 but decodes
 * only part of each version's attribute set, and fails the whole response on the first attribute it lacks
 * ("Unrecognized attribute type: ORIGINAL_CREATION_DATE" at 1.2, "... SHORT_UNIQUE_IDENTIFIER" at 2.0). The
 * attributes left out are ones the server sets on every object by itself, so "all attributes" without them loses
 * nothing the client set; they are still returned when named and listed by Get Attribute List.
 *
 * <p>Not at 1.4 and 2.1: the mandatory OASIS test case TL-M-3 of those versions (Tape Library profile) asks for all
 * attributes and expects Original Creation Date and Random Number Generator (and at 2.1 the rest of this set), so
 * there the answer is the specification's. PyKMIP's unnamed Get Attributes therefore fails at 1.4 inside PyKMIP;
 * name the attributes there. (PyKMIP also cannot decode a Link or a Revocation Reason at any version; those say what
 * the object is and are never left out.)
 */
public final class UnnamedGetAttributes {
    private static final Set<String> LEFT_OUT = Set.of(
            AttributeNames.SENSITIVE,
            AttributeNames.EXTRACTABLE,
            AttributeNames.ALWAYS_SENSITIVE,
            AttributeNames.NEVER_EXTRACTABLE,
            AttributeNames.SHORT_UNIQUE_IDENTIFIER,
            ProtectionStorage.ATTRIBUTE,
            "Original Creation Date",
            AttributeNames.KEY_FORMAT_TYPE,
            "Random Number Generator");
    /** The protocol versions of the claimed OASIS profiles (docs/CONFORMANCE.md), answered as specified. */
    private static final Set<KmipVersion> PROFILE_TESTED = Set.of(KmipVersion.V1_4, KmipVersion.V2_1);

    private UnnamedGetAttributes() {}

    public static Attributes of(Attributes versionAttributes, KmipVersion version) {
        if (PROFILE_TESTED.contains(version)) {
            return versionAttributes;
        }
        return new Attributes(versionAttributes.list().stream()
                .filter(a -> !LEFT_OUT.contains(a.name()))
                .toList());
    }
}
