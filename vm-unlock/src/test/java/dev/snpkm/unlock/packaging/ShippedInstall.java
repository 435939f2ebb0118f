package dev.snpkm.unlock.packaging;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * An installation laid out as the README's "Installing" makes it, from the shipped files: the launcher
 * (packaging/kmip-unlock.sh), the shaded jar the build made, and a Java runtime (the test's own JDK stands in for the
 * jlink'ed one). Run it with KMIP_UNLOCK_HOME set to {@link #home()}.
 */
public final class ShippedInstall {
    private final Path home;

    private ShippedInstall(Path home) {
        this.home = home;
    }

    public static ShippedInstall in(Path home) throws IOException {
        Files.createDirectories(home);
        Path jar = Path.of(System.getProperty("kmip.unlock.jar", "target/kmip-unlock.jar"));
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("no shipped jar at " + jar + ": run through 'mvn verify' (after package)");
        }
        Files.copy(jar, home.resolve("kmip-unlock.jar"));
        Path launcher = home.resolve("kmip-unlock");
        Files.copy(Path.of("packaging/kmip-unlock.sh"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Files.setPosixFilePermissions(launcher, PosixFilePermissions.fromString("rwxr-xr-x"));
        Files.createSymbolicLink(home.resolve("java"), Path.of(System.getProperty("java.home")));
        return new ShippedInstall(home);
    }

    public Path home() {
        return home;
    }

    public Path launcher() {
        return home.resolve("kmip-unlock");
    }
}
