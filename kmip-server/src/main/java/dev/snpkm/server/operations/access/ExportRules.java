package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.attributes.InitialAttributes;

/**
 * Whether Get may return an object's material (KMIP 1.4 §3.48/§3.50, 2.1 §4.48 Sensitive and §4.20 Extractable; the
 * reasons from 1.4 Table 338 "Object is Sensitive" / "Object is not Extractable", both allowed in 2.1 Table 222):
 * <ul>
 *   <li>Extractable False: the material never leaves the server, wrapped or not (Not Extractable).</li>
 *   <li>Sensitive True: the material leaves only wrapped by another key (Sensitive; BL-M-12-21).</li>
 * </ul>
 * Checked before the attestation gate: a refused export needs no attestation round trip.
 */
public final class ExportRules {
    private ExportRules() {}

    /** @param wrapped whether the request carries a Key Wrapping Specification with an encryption key */
    public static void check(KmipObject o, boolean wrapped) {
        if (!InitialAttributes.flag(o.attributes(), AttributeNames.EXTRACTABLE, true)) {
            throw new KmipOperationException(
                    ResultReason.NOT_EXTRACTABLE,
                    "object " + o.uid() + " is not Extractable; its material is never exported");
        }
        if (!wrapped && InitialAttributes.flag(o.attributes(), AttributeNames.SENSITIVE, false)) {
            throw new KmipOperationException(
                    ResultReason.SENSITIVE,
                    "object " + o.uid() + " is Sensitive; Get it wrapped by another key (Key Wrapping Specification)");
        }
    }
}
