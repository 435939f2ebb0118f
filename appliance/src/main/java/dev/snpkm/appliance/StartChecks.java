package dev.snpkm.appliance;

import dev.snpkm.appliance.config.ApplianceConfig;
import java.io.IOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * What can be checked before the appliance creates a single file: the data directory is usable, the ports are free,
 * and no one but root and the appliance's user can change the files that decide whom it trusts and what it releases.
 * Each failure is one line naming the cause, so an operator fixes it at once instead of reading a stack trace after a
 * half-made first run. (A port taken between this check and the real bind still fails the start.)
 */
final class StartChecks {
    private StartChecks() {}

    /**
     * @param configFile the --config file, or null for the built-in defaults
     * @throws StartException naming the first problem found
     */
    static void run(ApplianceConfig config, @Nullable Path configFile) throws StartException {
        dataDirectory(config.dataDir());
        TrustedInputs.check(config, configFile);
        port("kmip", config.kmip().address(), config.kmip().port());
        port("metrics", config.metrics().address(), config.metrics().port());
    }

    static void dataDirectory(Path dir) throws StartException {
        Path d = dir.toAbsolutePath().normalize();
        if (Files.exists(d)) {
            if (!Files.isDirectory(d)) {
                throw new StartException("data directory " + d + " is not a directory");
            }
            if (!Files.isWritable(d) || !Files.isExecutable(d)) {
                throw new StartException("data directory " + d + " is not writable by user "
                        + System.getProperty("user.name") + " (fix its owner or mode, e.g. chown and chmod 700)");
            }
            return;
        }
        Path parent = d.getParent();
        while (parent != null && !Files.exists(parent)) {
            parent = parent.getParent();
        }
        if (parent == null || !Files.isDirectory(parent)) {
            throw new StartException("cannot create data directory " + d + ": " + parent + " is not a directory");
        }
        if (!Files.isWritable(parent)) {
            throw new StartException("cannot create data directory " + d + ": " + parent + " is not writable by user "
                    + System.getProperty("user.name"));
        }
    }

    /** Port 0 (pick a free port) needs no check. */
    static void port(String key, String address, int port) throws StartException {
        if (port == 0) {
            return;
        }
        try (ServerSocket probe = new ServerSocket()) {
            probe.setReuseAddress(true); // as the real listeners: a closed socket in TIME_WAIT is not "in use"
            probe.bind(new InetSocketAddress(address, port));
        } catch (BindException e) {
            String why = String.valueOf(e.getMessage());
            throw new StartException(
                    why.contains("in use")
                            ? "port " + port + " (" + key + ".port) is already in use on " + address
                                    + "; stop what listens there or choose another " + key + ".port"
                            : "cannot listen on " + address + ":" + port + " (" + key + ".address/" + key + ".port): "
                                    + why);
        } catch (IOException | SecurityException e) {
            throw new StartException(
                    "cannot listen on " + address + ":" + port + " (" + key + ".port): " + e.getMessage());
        }
    }

    /** A start refused for a reason the operator can fix; the message is the whole story. */
    static final class StartException extends Exception {
        private static final long serialVersionUID = 1L;

        StartException(String message) {
            super(message);
        }
    }
}
