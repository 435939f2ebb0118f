package dev.snpkm.unlock;

import dev.snpkm.unlock.luks.ProcessRunner;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import dev.snpkm.unlock.tsm.LinuxTsmFilesystem;
import dev.snpkm.unlock.tsm.TsmFilesystem;
import java.nio.file.Path;

/**
 * What the commands touch outside the JVM, gathered so tests can emulate a guest: the filesystem root under which
 * /sys, /dev and /proc are looked up, configfs-tsm, how programs run, and which key source to use.
 */
public record UnlockEnvironment(
        Path hostRoot, TsmFilesystem tsm, ProcessRunner processes, KeySourceFactory keySources, String cryptsetup) {

    /** The real system. */
    public static UnlockEnvironment system() {
        return new UnlockEnvironment(
                Path.of("/"),
                new LinuxTsmFilesystem(),
                new SystemProcessRunner(),
                KeySourceFactory.attested(),
                "cryptsetup");
    }
}
