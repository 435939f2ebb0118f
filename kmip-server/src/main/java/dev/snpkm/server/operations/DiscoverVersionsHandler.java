package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.DiscoverVersions;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.ArrayList;
import java.util.List;

/**
 * Discover Versions (KMIP 1.4 §4.26): the versions both sides support, in the client's order of
 * preference; all of ours, most preferred first, when the client lists none.
 */
public final class DiscoverVersionsHandler implements OperationHandler<DiscoverVersions.Request> {
    @Override
    public Operation operation() {
        return Operation.DISCOVER_VERSIONS;
    }

    @Override
    public Class<DiscoverVersions.Request> requestType() {
        return DiscoverVersions.Request.class;
    }

    @Override
    public ResponsePayload handle(DiscoverVersions.Request request, OperationContext ctx) {
        if (request.versions().isEmpty()) {
            return new DiscoverVersions.Response(KmipVersion.SUPPORTED);
        }
        List<KmipVersion> common = new ArrayList<>();
        for (KmipVersion v : request.versions()) {
            if (v.isSupported() && !common.contains(v)) {
                common.add(v);
            }
        }
        return new DiscoverVersions.Response(common);
    }
}
