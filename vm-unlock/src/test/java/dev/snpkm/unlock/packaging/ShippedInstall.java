package dev.snpkm.unlock.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An installation laid out as the README's "Installing" makes it, from the shipped files: the launcher
 * (packaging/kmip-unlock.sh) and make-cds-archive.sh, the shaded jar the build made, and a Java runtime: the
 * README's jlink'ed one, or the test's own JDK. Run it with KMIP_UNLOCK_HOME set to {@link #home()}.
 */
public final class ShippedInstall {
    private final Path home;

    private ShippedInstall(Path home) {
        this.home = home;
    }

    public static ShippedInstall in(Path home) throws IOException {
        return in(home, Path.of(System.getProperty("java.home")));
    }

    /**
     * As the README installs it, with the jlink'ed runtime of its module list (java.base, jdk.crypto.ec), made once
     * per build under target/ and shared by the tests that use it.
     */
    public static ShippedInstall withJlinkRuntime(Path home) throws IOException, InterruptedException {
        return in(home, jlinkRuntime());
    }

    private static synchronized Path jlinkRuntime() throws IOException, InterruptedException {
        Path runtime = Path.of("target/kmip-unlock-runtime").toAbsolutePath();
        if (Files.isExecutable(runtime.resolve("bin/java"))) {
            return runtime;
        }
        Path jlink = Path.of(System.getProperty("java.home"), "bin", "jlink");
        Process p = new ProcessBuilder(
                        jlink.toString(),
                        "--add-modules",
                        "java.base,jdk.crypto.ec",
                        "--strip-debug",
                        "--no-man-pages",
                        "--no-header-files",
                        "--compress=2",
                        "--output",
                        runtime.toString())
                .redirectErrorStream(true)
                .start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        if (!p.waitFor(5, java.util.concurrent.TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IllegalStateException("jlink failed: " + out);
        }
        return runtime;
    }

    private static ShippedInstall in(Path home, Path javaRuntime) throws IOException {
        Files.createDirectories(home);
        Path jar = Path.of(System.getProperty("kmip.unlock.jar", "target/kmip-unlock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no shipped jar at " + jar + ": run through 'mvn verify' (after package)");
        }
        Files.copy(jar, home.resolve("kmip-unlock.jar"));
        Path launcher = home.resolve("kmip-unlock");
        Files.copy(Path.of("packaging/kmip-unlock.sh"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(home.resolve("java"), javaRuntime);
        Path makeCds = home.resolve("make-cds-archive");
        Files.copy(Path.of("packaging/make-cds-archive.sh"), makeCds);
        Files.setPosixFilePermissions(makeCds, PosixFilePermissions.fromString("rwxr-xr-x"));
        return new ShippedInstall(home);
    }

    public Path home() {
        return home;
    }

    public Path makeCdsArchive() {
        return home.resolve("make-cds-archive");
    }

    public Path launcher() {
        return home.resolve("kmip-unlock");
    }
}
