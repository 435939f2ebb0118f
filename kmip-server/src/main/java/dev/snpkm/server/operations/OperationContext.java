package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.auth.ClientIdentity;
import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * One batch item's view of its request: who asks, in which version, under which header, and the batch's ID
 * Placeholder state.
 */
public record OperationContext(
        ServerServices services,
        ClientIdentity client,
        RequestHeader header,
        BatchState batch,
        @Nullable EnumCode<Operation> operation) {
    public OperationContext {
        Objects.requireNonNull(services, "services");
        Objects.requireNonNull(client, "client");
        Objects.requireNonNull(header, "header");
        Objects.requireNonNull(batch, "batch");
    }

    public OperationContext(ServerServices services, ClientIdentity client, RequestHeader header, BatchState batch) {
        this(services, client, header, batch, null);
    }

    /** This context for one batch item's operation (the batch state is shared by all items). */
    public OperationContext forOperation(@Nullable EnumCode<Operation> op) {
        return new OperationContext(services, client, header, batch, op);
    }

    public KmipVersion version() {
        return header.protocolVersion();
    }

    public boolean isAdministrator() {
        return services.access().isAdministrator(client);
    }

    public long now() {
        return services.clock().instant().getEpochSecond();
    }
}
