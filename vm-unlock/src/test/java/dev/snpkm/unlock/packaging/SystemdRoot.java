package dev.snpkm.unlock.packaging;

import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A file-system root holding a unit set (test resources {@code systemd/}), judged offline by the real systemd tools:
 * units are enabled with {@code systemctl --root=} as a package's post-install would, and the boot transaction is
 * checked with {@code systemd-analyze verify --root=}, which builds the start job of a target with all it pulls in
 * and reports every ordering cycle it has to break.
 */
final class SystemdRoot {
    /** Where kmip-unlock's units expect the launcher (README "Installing"). */
    static final String LAUNCHER = "usr/lib/kmip-unlock/kmip-unlock";

    private final Path root;
    private final Path units;

    private SystemdRoot(Path root) {
        this.root = root;
        this.units = root.resolve("etc/systemd/system");
    }

    /** A root under {@code dir} holding the named unit sets, in order (a later set's file replaces an earlier one). */
    static SystemdRoot of(Path dir, String... sets) throws IOException {
        SystemdRoot r = new SystemdRoot(dir);
        Files.createDirectories(r.units);
        for (String set : sets) {
            r.copyTree(resource(set), r.units);
        }
        // verify checks that every ExecStart= program exists and is executable under the root.
        r.executable(LAUNCHER);
        r.executable("bin/true");
        return r;
    }

    /** Installs {@code unitFile} as {@code name} (a packaging file, or a test control). */
    SystemdRoot install(Path unitFile, String name) throws IOException {
        Files.copy(unitFile, units.resolve(name));
        return this;
    }

    Path unitsDir() {
        return units;
    }

    SystemdRoot remove(String... names) throws IOException {
        for (String n : names) {
            Files.delete(units.resolve(n));
        }
        return this;
    }

    /** {@code systemctl --root= enable} for every unit with an [Install] section, as the packages would. */
    SystemdRoot enableAll() throws IOException, InterruptedException {
        List<String> installable = new ArrayList<>();
        try (Stream<Path> files = Files.list(units)) {
            for (Path f : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                if (Files.readString(f, StandardCharsets.UTF_8).contains("\n[Install]")) {
                    installable.add(f.getFileName().toString());
                }
            }
        }
        List<String> cmd = new ArrayList<>(List.of("systemctl", "--root=" + root, "enable"));
        cmd.addAll(installable);
        Run r = run(cmd);
        if (r.exit != 0) {
            fail("systemctl enable failed (exit " + r.exit + "): " + r.output);
        }
        return this;
    }

    /** The output of {@code systemd-analyze verify} on {@code target}; empty when the transaction is clean. */
    String verify(String target) throws IOException, InterruptedException {
        Run r = run(List.of("systemd-analyze", "verify", "--root=" + root, "--man=no", target));
        return (r.exit == 0 ? "" : "exit " + r.exit + "\n") + r.output;
    }

    private record Run(int exit, String output) {}

    private static Run run(List<String> command) throws IOException, InterruptedException {
        Process p;
        try {
            p = new ProcessBuilder(command).redirectErrorStream(true).start();
        } catch (IOException e) {
            fail(command.get(0) + " is missing: install systemd (Debian: apt-get install systemd); "
                    + "these tests judge the units with the real systemd tools");
            throw e;
        }
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish in 60 s");
        }
        return new Run(p.exitValue(), out.trim());
    }

    private void executable(String relative) throws IOException {
        Path f = root.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.writeString(f, "#!/bin/sh\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    private void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> all = Files.walk(from)) {
            for (Path p : (Iterable<Path>) all::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
                }
            }
        }
    }

    private static Path resource(String set) {
        try {
            var url = SystemdRoot.class.getResource("/systemd/" + set);
            if (url == null) {
                throw new IllegalArgumentException("no unit set systemd/" + set + " in the test resources");
            }
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
