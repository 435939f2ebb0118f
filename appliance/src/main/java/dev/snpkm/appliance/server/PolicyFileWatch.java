package dev.snpkm.appliance.server;

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

    public static PolicyFileWatch start(ReleasePolicyRegistry policies, Path file) {
        FileVersion[] seen = {FileVersion.orUnreadable(file)};
        return new PolicyFileWatch(PeriodicChore.start("policy-file-watch", INTERVAL, INTERVAL, () -> {
            FileVersion now = FileVersion.orUnreadable(file);
            if (!now.equals(seen[0]) && !now.equals(FileVersion.UNREADABLE)) {
                seen[0] = now;
                ReleasePolicyRegistry.ReloadResult result = policies.reload();
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
