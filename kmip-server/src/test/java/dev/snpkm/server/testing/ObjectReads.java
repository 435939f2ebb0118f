package dev.snpkm.server.testing;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.UsageLimits;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;

/** Attribute values the engine tests read back through Get Attributes. */
public final class ObjectReads {
    private ObjectReads() {}

    /** The key's Usage Limits Count as the server holds it now. */
    public static long usageLimitsCount(EngineFixture.Session s, String uid) {
        return s.call(
                        KmipVersion.V2_1,
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), List.of(AttributeNames.USAGE_LIMITS)))
                .payload(GetAttributes.Response.class)
                .orElseThrow()
                .attributes()
                .value(AttributeNames.USAGE_LIMITS, UsageLimits.class)
                .orElseThrow()
                .count();
    }
}
