package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.Arrays;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Calls about the server and its object set: Locate, Query, Discover Versions (KMIP 1.4 §4.9, 4.25, 4.26). */
final class ServerCalls {
    private final RequestExecutor executor;

    ServerCalls(RequestExecutor executor) {
        this.executor = executor;
    }

    List<String> locate(Attributes attributes, @Nullable Integer maxItems)
            throws KmipOperationException, KmipTransportException {
        return executor.call(
                        Operation.LOCATE,
                        new Locate.Request(maxItems, null, null, null, attributes),
                        Locate.Response.class)
                .uniqueIdentifiers();
    }

    Query.Response query(QueryFunction... functions) throws KmipOperationException, KmipTransportException {
        return executor.call(
                Operation.QUERY,
                new Query.Request(Arrays.stream(functions).map(EnumCode::of).toList()),
                Query.Response.class);
    }

    /** What the server answers to the versions this client can speak (up to the configured cap). */
    List<KmipVersion> discoverVersions(KmipVersion cap) throws KmipOperationException, KmipTransportException {
        return executor.discoverVersions(executor.version(), ProtocolVersionNegotiator.offered(cap));
    }
}
