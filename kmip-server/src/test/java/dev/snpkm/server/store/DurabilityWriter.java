package dev.snpkm.server.store;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * Child process of {@link ObjectStoreDurabilityIT}: creates objects in a loop and prints "ACK i uid" for each one
 * only after {@link ObjectStore#create} returned, i.e. after the commit was acknowledged. The test kills it with
 * SIGKILL mid-loop.
 */
public final class DurabilityWriter {
    private DurabilityWriter() {}

    public static void main(String[] args) {
        Path file = Path.of(args[0]);
        PrintStream out = new PrintStream(System.out, false);
        try (Database db = Database.openH2File(file)) {
            ObjectStore store = StoreFixtures.store(db);
            for (long i = 0; i < 1_000_000; i++) { // bounded in case the parent died without killing us
                StoredObject o = store.create(
                        StoreFixtures.aesKey("durable-" + i, "CN=durability", "x", StoreFixtures.material(i)));
                out.println("ACK " + i + " " + o.uid());
                out.flush();
            }
        }
    }
}
