package dev.snpkm.server.assembly;

import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.audit.RefusalAudit;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.NonceStore;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;

/**
 * What the server has opened by the time its attestation gate is built: the gate consumes nonces in the store the
 * server purges, audits its decisions into the server's one chain and meters them beside the server's meters; refusals
 * a client can repeat at will go through the server's {@link RefusalAudit} (one record, then a count per interval).
 */
public record GateParts(
        Database database,
        NonceStore nonces,
        AuditLog audit,
        RefusalAudit refusals,
        MeterRegistry meters,
        Clock clock) {}
