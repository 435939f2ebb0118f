package dev.snpkm.appliance.server;

import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import dev.snpkm.server.chores.PeriodicChore;
import dev.snpkm.server.policy.ReleasePolicyRegistry;
import dev.snpkm.server.tls.FileVersion;
import java.nio.file.Path;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads the release policies when their file changes (modification time or size), for the nodes of a cluster:
 * the policy file is distributed to every node (configuration management, or one shared data directory), and a
 * reload on one node's admin route must not leave the others on the old policies. A node therefore applies a changed
 * file within one {@link #INTERVAL}; an invalid file keeps the policies in force (the registry's rule) and is logged.
 */
public final class PolicyFileWatch implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatch.class);
    /** How often a cluster node looks at its policy file: the bound on a policy change reaching every node. */
    public static final Duration INTERVAL = Duration.ofSeconds(1);

    private final PeriodicChore chore;

    private PolicyFileWatch(PeriodicChore chore) {
        this.chore = chore;
    }

    /** The audit actor of a reload this watch made (the admin route's is the admin.token holder). */
    static final String ACTOR = "policy-file-watch";

    public static PolicyFileWatch start(ReleasePolicyRegistry policies, Path file, AuditLog audit) {
        FileVersion[] seen = {FileVersion.orUnreadable(file)};
        return new PolicyFileWatch(PeriodicChore.start("policy-file-watch", INTERVAL, INTERVAL, () -> {
            FileVersion now = FileVersion.orUnreadable(file);
            if (!now.equals(seen[0]) && !now.equals(FileVersion.UNREADABLE)) {
                ReleasePolicyRegistry.ReloadResult result = policies.reload();
                // The policies decide who gets keys: a change on this node is an action like the admin route's.
                audit.append(new AuditEvent(
                        ACTOR,
                        "policies-reload",
                        null,
                        result.applied() ? "ok" : "refused",
                        result.applied()
                                ? result.names().size() + " policies: " + String.join(" ", result.names())
                                : result.error().orElse("rejected")));
                seen[0] = now; // only once audited: should the store be down, the next round reloads and tries again
                LOG.info(
                        "event=policies_file_changed applied={} count={}",
                        result.applied(),
                        result.names().size());
            }
        }));
    }

    @Override
    public void close() {
        chore.close();
    }
}
