package dev.snpkm.server.policy;

import java.io.IOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardWatchEventKinds;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reloads a {@link ReleasePolicyRegistry} when its file changes (the optional "reload without restart" mode; an
 * explicit {@code kmipctl policy reload} calls {@link ReleasePolicyRegistry#reload()} directly).
 *
 * <p>Watches the directory, not the file: editors and config management replace the file by rename, which a watch on
 * the old inode would miss. Events within {@code settle} of each other cause one reload, so a half-written file is
 * not loaded mid-write (and if it were, the registry would keep the old policies).
 */
public final class PolicyFileWatcher implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(PolicyFileWatcher.class);

    private final WatchService watch;
    private final Thread thread;

    private PolicyFileWatcher(WatchService watch, Thread thread) {
        this.watch = watch;
        this.thread = thread;
    }

    public static PolicyFileWatcher start(ReleasePolicyRegistry registry, long settleMillis) throws IOException {
        Path file = registry.file()
                .orElseThrow(() -> new IllegalArgumentException("registry has no policy file"))
                .toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null) {
            throw new IllegalArgumentException("policy file " + file + " has no directory to watch");
        }
        WatchService ws = FileSystems.getDefault().newWatchService();
        dir.register(
                ws,
                StandardWatchEventKinds.ENTRY_CREATE,
                StandardWatchEventKinds.ENTRY_MODIFY,
                StandardWatchEventKinds.ENTRY_DELETE);
        Thread t = new Thread(() -> run(ws, file, registry, settleMillis), "policy-file-watcher");
        t.setDaemon(true);
        t.start();
        return new PolicyFileWatcher(ws, t);
    }

    private static void run(WatchService ws, Path file, ReleasePolicyRegistry registry, long settleMillis) {
        try {
            while (true) {
                WatchKey key = ws.take();
                boolean ours = concernsFile(key, file);
                key.reset();
                if (!ours) {
                    continue;
                }
                // Let the writer finish: swallow further events until the directory is quiet.
                WatchKey more;
                while ((more = ws.poll(settleMillis, TimeUnit.MILLISECONDS)) != null) {
                    more.pollEvents();
                    more.reset();
                }
                registry.reload();
            }
        } catch (InterruptedException | ClosedWatchServiceException e) {
            LOG.debug("event=policy_file_watcher_stopped");
        }
    }

    private static boolean concernsFile(WatchKey key, Path file) {
        boolean ours = false;
        for (WatchEvent<?> ev : key.pollEvents()) {
            if (ev.kind() == StandardWatchEventKinds.OVERFLOW
                    || (ev.context() instanceof Path p && p.equals(file.getFileName()))) {
                ours = true;
            }
        }
        return ours;
    }

    @Override
    public void close() throws IOException {
        watch.close();
        thread.interrupt();
    }
}
