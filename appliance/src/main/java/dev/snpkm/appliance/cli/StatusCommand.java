package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.payload.DiscoverVersions;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Proves the whole path (TCP, mTLS with the admin cert, TTLV, the server's processor) and shows what it serves. */
@Command(name = "status", description = "Discover Versions and Query the server; exit 0 when it answers.")
final class StatusCommand implements Callable<Integer> {
    @Mixin
    KmipConnectionOptions connection;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws CliFailure {
        try (KmipSession s = new KmipSession(connection.open(), KmipVersion.V1_2)) {
            DiscoverVersions.Response versions = s.call(
                    Operation.DISCOVER_VERSIONS,
                    new DiscoverVersions.Request(List.of()),
                    DiscoverVersions.Response.class);
            Query.Response query = s.call(
                    Operation.QUERY,
                    new Query.Request(List.of(
                            EnumCode.of(QueryFunction.QUERY_OPERATIONS),
                            EnumCode.of(QueryFunction.QUERY_OBJECTS),
                            EnumCode.of(QueryFunction.QUERY_SERVER_INFORMATION))),
                    Query.Response.class);
            var out = spec.commandLine().getOut();
            out.println("server: " + connection.server);
            out.println("status: ok");
            out.println("vendor: " + (query.vendorIdentification() == null ? "-" : query.vendorIdentification()));
            out.println("protocol versions: "
                    + versions.versions().stream().map(KmipVersion::toString).collect(Collectors.joining(" ")));
            out.println("operations: "
                    + query.operations().stream().map(EnumCode::toString).collect(Collectors.joining(" ")));
            return 0;
        }
    }
}
