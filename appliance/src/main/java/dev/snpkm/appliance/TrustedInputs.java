package dev.snpkm.appliance;

import dev.snpkm.appliance.StartChecks.StartException;
import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.config.ApplianceConfig;
import dev.snpkm.server.trust.InputTrust;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.jspecify.annotations.Nullable;

/**
 * The files that decide whom the appliance trusts and what it releases: the policies (what a VM must prove), the
 * client CA and its CRLs (who may connect), AMD's CRLs and test roots (what evidence counts), the server's and the
 * Certify CA's certificates. A user who can rewrite one of them, or replace it or a directory above it, could release
 * every key, so, as ssh's StrictModes: each file, and every directory from it up to the root (of the path as
 * configured and of the path it resolves to), must belong to root or the appliance's user and be writable by neither
 * group nor others; a directory writable by others passes only if sticky (as /tmp: there only an entry's owner may
 * replace it). The files the appliance keeps in its own data directory (the default policy file and CA) are checked
 * with their directory, not above it: the data directory's place is the operator's choice, and all of the
 * appliance's secrets live there anyway.
 *
 * <p>The configuration file is checked as well (it names all of the above), and the two inputs the appliance reads
 * again while it runs, the policy file and the client CRLs, are checked again at each re-read ({@link #forRereads}):
 * a file made writable by others after the start is not believed on its next change.
 */
public final class TrustedInputs {
    private static final int GROUP_OR_OTHERS_WRITE = 0022;
    private static final int OTHERS_WRITE = 0002;
    private static final int STICKY = 01000;

    private final int appliancesUid;

    private TrustedInputs(int appliancesUid) {
        this.appliancesUid = appliancesUid;
    }

    /**
     * @param configFile the --config file the configuration was read from, or null for the built-in defaults
     * @throws StartException naming the first input, the path and what is wrong with it
     */
    static void check(ApplianceConfig c, @Nullable Path configFile) throws StartException {
        TrustedInputs inputs = new TrustedInputs(processUid());
        if (configFile != null) {
            inputs.checkTree("--config", configFile, true);
        }
        Map<String, Path> configured = new LinkedHashMap<>();
        configured.put("policies", c.policies());
        configured.put("tls.certificate", c.tls().certificate());
        configured.put("tls.client-ca", c.tls().clientCa());
        for (int i = 0; i < c.tls().clientCrls().size(); i++) {
            configured.put("tls.client-crls[" + i + "]", c.tls().clientCrls().get(i));
        }
        for (int i = 0; i < c.attestation().amdCrls().size(); i++) {
            configured.put(
                    "attestation.amd-crls[" + i + "]", c.attestation().amdCrls().get(i));
        }
        configured.put("attestation.test-trust-roots-dir", c.attestation().testTrustRootsDir());
        configured.put("certify.ca-certificate", c.certify().caCertificate());
        for (Map.Entry<String, Path> in : configured.entrySet()) {
            if (in.getValue() != null && Files.exists(in.getValue())) {
                inputs.checkTree(in.getKey(), in.getValue(), true);
            }
        }
        DataDirectory dir = new DataDirectory(c.dataDir());
        Map<String, Path> kept = new LinkedHashMap<>();
        if (c.policies() == null) {
            kept.put("policies", c.policiesPath());
        }
        if (c.tls().clientCa() == null) {
            kept.put("tls.client-ca", dir.caCertificate());
        }
        for (Map.Entry<String, Path> in : kept.entrySet()) {
            if (Files.exists(in.getValue())) {
                inputs.checkTree(in.getKey(), in.getValue(), false);
            }
        }
    }

    /**
     * The check a file the appliance re-reads while it runs must pass each time: the start's check of the input
     * {@code key} (its directories up to the root when {@code configured}, its data directory's otherwise).
     *
     * @throws IOException when the appliance's own user cannot be told (no /proc)
     */
    public static InputTrust forRereads(String key, boolean configured) throws IOException {
        TrustedInputs inputs;
        try {
            inputs = new TrustedInputs(processUid());
        } catch (StartException e) {
            throw new IOException(e.getMessage(), e);
        }
        return file -> {
            try {
                inputs.checkTree(key, file, configured);
            } catch (StartException e) {
                throw new IOException(e.getMessage(), e);
            }
        };
    }

    /** The input and, for a directory, everything in it two levels down (links followed, as the reader does). */
    private void checkTree(String key, Path input, boolean upToRoot) throws StartException {
        try {
            List<Path> entries = new ArrayList<>();
            entries.add(input.toAbsolutePath().normalize());
            if (Files.isDirectory(input)) {
                try (Stream<Path> tree = Files.walk(input, 2, FileVisitOption.FOLLOW_LINKS)) {
                    tree.skip(1).map(p -> p.toAbsolutePath().normalize()).forEach(entries::add);
                }
            }
            for (Path entry : entries) {
                for (Path p : chain(entry, upToRoot)) {
                    checkOne(key, p);
                }
            }
        } catch (UnsupportedOperationException e) {
            // Not a POSIX file system: there are no owners and modes to check.
        } catch (IOException | UncheckedIOException e) {
            throw new StartException(key + ": cannot check " + input + ": " + e.getMessage());
        }
    }

    /**
     * The paths whose owners and modes decide what {@code entry} holds: the directories of the path as written (a
     * symlink's own directory included) and of the path it resolves to, then the resolved file itself.
     */
    private static Set<Path> chain(Path entry, boolean upToRoot) throws IOException {
        Set<Path> chain = new LinkedHashSet<>();
        Path real = entry.toRealPath();
        for (Path written : List.of(entry, real)) {
            for (Path d = written.getParent(); d != null; d = upToRoot ? d.getParent() : null) {
                chain.add(d.toRealPath());
            }
        }
        chain.add(real);
        return chain;
    }

    private void checkOne(String key, Path p) throws IOException, StartException {
        int uid = (Integer) Files.getAttribute(p, "unix:uid", LinkOption.NOFOLLOW_LINKS);
        int mode = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS);
        if (uid != 0 && uid != appliancesUid) {
            throw new StartException(key + ": " + p + " belongs to "
                    + Files.getOwner(p).getName() + " (uid " + uid
                    + "), neither root nor the appliance's user (uid " + appliancesUid + "); whoever owns it decides "
                    + "what the appliance trusts (chown it)");
        }
        boolean stickyDirectory = Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS) && (mode & STICKY) != 0;
        if ((mode & GROUP_OR_OTHERS_WRITE) != 0 && !stickyDirectory) {
            throw new StartException(key + ": " + p + " is writable by "
                    + ((mode & OTHERS_WRITE) != 0 ? "others" : "its group") + " (mode "
                    + PosixFilePermissions.toString(Files.getPosixFilePermissions(p, LinkOption.NOFOLLOW_LINKS))
                    + "); whoever can write it decides what the appliance trusts (chmod go-w)");
        }
    }

    /** The process's effective user: the owner of /proc/self (no passwd entry needed, unlike user.name). */
    private static int processUid() throws StartException {
        try {
            return (Integer) Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        } catch (IOException | UnsupportedOperationException e) {
            throw new StartException("cannot tell the appliance's own user from /proc/self: " + e.getMessage());
        }
    }
}
