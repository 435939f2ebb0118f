package dev.snpkm.kmip.attribute;

import dev.snpkm.kmip.registry.KmipRegistry;
import java.util.regex.Pattern;

/**
 * Specification names of the attributes the server reads, and the rule that tells custom attribute names from
 * specification ones (KMIP 1.4 §3.39: "x-"/"y-" prefixes; 2.1 §4.63 Vendor Identification characters).
 */
public final class AttributeNames {
    public static final String UNIQUE_IDENTIFIER = "Unique Identifier";
    public static final String NAME = "Name";
    public static final String OBJECT_TYPE = "Object Type";
    public static final String CRYPTOGRAPHIC_ALGORITHM = "Cryptographic Algorithm";
    public static final String CRYPTOGRAPHIC_LENGTH = "Cryptographic Length";
    public static final String CRYPTOGRAPHIC_PARAMETERS = "Cryptographic Parameters";
    public static final String CRYPTOGRAPHIC_USAGE_MASK = "Cryptographic Usage Mask";
    public static final String DIGEST = "Digest";
    public static final String STATE = "State";
    public static final String INITIAL_DATE = "Initial Date";
    public static final String ACTIVATION_DATE = "Activation Date";
    public static final String DEACTIVATION_DATE = "Deactivation Date";
    public static final String LINK = "Link";
    public static final String USAGE_LIMITS = "Usage Limits";
    public static final String APPLICATION_SPECIFIC_INFORMATION = "Application Specific Information";
    public static final String REVOCATION_REASON = "Revocation Reason";
    public static final String OBJECT_GROUP = "Object Group";
    public static final String SENSITIVE = "Sensitive";
    public static final String EXTRACTABLE = "Extractable";
    public static final String ALWAYS_SENSITIVE = "Always Sensitive";
    public static final String NEVER_EXTRACTABLE = "Never Extractable";
    public static final String FRESH = "Fresh";
    public static final String KEY_FORMAT_TYPE = "Key Format Type";
    public static final String SHORT_UNIQUE_IDENTIFIER = "Short Unique Identifier";
    public static final String CERTIFICATE_TYPE = "Certificate Type";
    public static final String CERTIFICATE_LENGTH = "Certificate Length";
    public static final String CERTIFICATE_SUBJECT_CN = "Certificate Subject CN";
    /**
     * Our attestation binding (docs/ARCHITECTURE.md "The attested release"): 1.x custom name; 2.x vendor "x", name
     * "attestation-policy".
     */
    public static final String X_ATTESTATION_POLICY = "x-attestation-policy";
    /**
     * Our access grant: one instance per client identity (certificate subject DN or SHA-256 fingerprint) that may read
     * the object besides its owner, e.g. the VM that unlocks its disk with an administrator-created key.
     */
    public static final String X_AUTHORIZED_CLIENT = "x-authorized-client";
    /** The owner's identity (certificate subject), server-set, returned only when a Get Attributes names it. */
    public static final String X_OWNER = "x-owner";

    /**
     * Our batch-scoped registration: a Public Key registered with {@code x-ephemeral = "batch"} lives only for the
     * request batch that registers it and is never stored (the attested release's wrapping key, docs/KEY-WRAPPING.md).
     */
    public static final String X_EPHEMERAL = "x-ephemeral";
    /** The one value {@link #X_EPHEMERAL} takes. */
    public static final String EPHEMERAL_BATCH = "batch";

    /** A vendor identification followed by '-' and a name; the vendor part uses KMIP's [A-Za-z0-9_.] characters. */
    private static final Pattern CUSTOM = Pattern.compile("([A-Za-z0-9_.]+)-(.+)");

    private AttributeNames() {}

    /** Custom/vendor name: not a tag name in the registry, and of the form vendor-name. */
    public static boolean isCustom(String name) {
        return KmipRegistry.get().tagByName(name).isEmpty()
                && CUSTOM.matcher(name).matches();
    }

    /** "x" of "x-foo". */
    static String vendorOf(String customName) {
        return customName.substring(0, customName.indexOf('-'));
    }

    /** "foo" of "x-foo". */
    static String localNameOf(String customName) {
        return customName.substring(customName.indexOf('-') + 1);
    }
}
