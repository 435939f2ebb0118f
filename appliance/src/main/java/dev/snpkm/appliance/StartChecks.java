package dev.snpkm.appliance;

import dev.snpkm.appliance.config.ApplianceConfig;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.BindException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * What can be checked before the appliance creates a single file: the data directory is usable, the ports are free,
 * and no one but root and the appliance's user can change the files that decide whom it trusts and what it releases.
 * Each failure is one line naming the cause, so an operator fixes it at once instead of reading a stack trace after a
 * half-made first run. (A port taken between this check and the real bind still fails the start.)
 */
final class StartChecks {
    private StartChecks() {}

    /** @throws StartException naming the first problem found */
    static void run(ApplianceConfig config) throws StartException {
        dataDirectory(config.dataDir());
        trustedInputs(config);
        port("kmip", config.kmip().address(), config.kmip().port());
        port("metrics", config.metrics().address(), config.metrics().port());
    }

    /**
     * The operator's files that decide whom the appliance trusts and what it releases: the policies (what a VM must
     * prove), the client CA and its CRLs (who may connect), AMD's CRLs and test roots (what evidence counts), the
     * server's and the Certify CA's certificates. A user who can rewrite one of them, or replace it in its directory,
     * could release every key, so each must belong to root or the appliance's user and be writable by neither group
     * nor others, and so must its directory (unless sticky, as /tmp: there only the owner may replace a file).
     */
    static void trustedInputs(ApplianceConfig c) throws StartException {
        Map<String, Path> inputs = new LinkedHashMap<>();
        if (c.policies() != null) {
            inputs.put("policies", c.policies());
        }
        inputs.put("tls.certificate", c.tls().certificate());
        inputs.put("tls.client-ca", c.tls().clientCa());
        for (int i = 0; i < c.tls().clientCrls().size(); i++) {
            inputs.put("tls.client-crls[" + i + "]", c.tls().clientCrls().get(i));
        }
        for (int i = 0; i < c.attestation().amdCrls().size(); i++) {
            inputs.put(
                    "attestation.amd-crls[" + i + "]", c.attestation().amdCrls().get(i));
        }
        inputs.put("attestation.test-trust-roots-dir", c.attestation().testTrustRootsDir());
        inputs.put("certify.ca-certificate", c.certify().caCertificate());
        for (Map.Entry<String, Path> in : inputs.entrySet()) {
            if (in.getValue() != null && Files.exists(in.getValue())) {
                onlyTrustedWriters(in.getKey(), in.getValue());
            }
        }
    }

    /** The file (or directory tree, one level of subdirectories deep) and its directory. */
    static void onlyTrustedWriters(String key, Path input) throws StartException {
        try {
            Path real = input.toRealPath();
            List<Path> checked = new ArrayList<>();
            if (real.getParent() != null) {
                checked.add(real.getParent());
            }
            checked.add(real);
            if (Files.isDirectory(real)) {
                try (Stream<Path> tree = Files.walk(real, 2)) {
                    tree.skip(1).forEach(checked::add);
                }
            }
            for (Path p : checked) {
                PosixFileAttributes a = Files.readAttributes(p, PosixFileAttributes.class);
                String owner = a.owner().getName();
                if (!owner.equals("root") && !owner.equals(System.getProperty("user.name"))) {
                    throw new StartException(key + ": " + p + " belongs to " + owner + ", neither root nor the "
                            + "appliance's user " + System.getProperty("user.name") + "; whoever owns it decides what "
                            + "the appliance trusts (chown it)");
                }
                Set<PosixFilePermission> mode = a.permissions();
                boolean sharedWrite = mode.contains(PosixFilePermission.GROUP_WRITE)
                        || mode.contains(PosixFilePermission.OTHERS_WRITE);
                if (sharedWrite && !(a.isDirectory() && p.equals(real.getParent()) && isSticky(p))) {
                    throw new StartException(key + ": " + p + " is writable by "
                            + (mode.contains(PosixFilePermission.OTHERS_WRITE) ? "others" : "its group") + " (mode "
                            + PosixFilePermissions.toString(mode) + "); whoever can write it decides what the "
                            + "appliance trusts (chmod go-w)");
                }
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: nothing to check the modes of.
        } catch (IOException | UncheckedIOException e) {
            throw new StartException(key + ": cannot check " + input + ": " + e.getMessage());
        }
    }

    private static boolean isSticky(Path dir) throws IOException {
        Object mode = Files.getAttribute(dir, "unix:mode");
        return mode instanceof Integer m && (m & 01000) != 0;
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
