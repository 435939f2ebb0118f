package dev.snpkm.server.store;

import java.io.IOException;
import java.nio.channels.FileChannel;
import org.h2.store.fs.FilePath;
import org.h2.store.fs.FilePathWrapper;

/** H2's file system "simdisk:": a path on the real file system whose files go through {@link SimulatedDisk}. */
public final class SimulatedDiskFilePath extends FilePathWrapper {
    static final String SCHEME = "simdisk";
    private static boolean registered;

    static synchronized void register() {
        if (!registered) {
            FilePath.register(new SimulatedDiskFilePath());
            registered = true;
        }
    }

    @Override
    public String getScheme() {
        return SCHEME;
    }

    @Override
    public FileChannel open(String mode) throws IOException {
        FileChannel real = getBase().open(mode);
        return SimulatedDisk.current().wrap(real, name);
    }
}
