package dev.snpkm.unlock.bench;

import dev.snpkm.unlock.e2e.Lab;
import dev.snpkm.unlock.luks.KeyslotPbkdf;
import dev.snpkm.unlock.luks.LuksEnroller;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Cold unlock of the shipped binary: wall time from starting the launcher (a new JVM of the README's jlink runtime)
 * to its exit, for {@code open --test-passphrase --key-slot N} against a warm key manager, with and without the
 * class-data archive, alternating run by run. The guest is the lab's (FUSE configfs-tsm, test VCEK), the volume a
 * LUKS2 image whose kmip-unlock slot is PBKDF2 with 1000 iterations, as the README enrolls it.
 *
 * <p>Run from vm-unlock/ after {@code mvn package} (see docs/benchmarks/unlock.md): {@code ColdUnlockBench RUNS}.
 */
public final class ColdUnlockBench {
    private ColdUnlockBench() {}

    public static void main(String[] args) throws Exception {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 10;
        Path dir = Files.createTempDirectory("cold-unlock");
        try (Lab lab = Lab.start(dir)) {
            Path volume = Files.createDirectories(dir.resolve("volume"));
            Path image = LuksImage.format(volume);
            byte[] dek = new byte[32];
            new SecureRandom().nextBytes(dek);
            String keyId = lab.keyManager().provisionBoundKey(lab.vmSubject(), dek);
            int slot = new LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(60))
                    .enroll(
                            image,
                            LuksImage.passphraseFile(volume),
                            dek,
                            new KeyslotPbkdf(Optional.of("pbkdf2"), OptionalInt.of(1000)))
                    .slot();
            String conf = lab.config(keyId, image).toString();
            Path home = lab.install().home();
            Path classlist =
                    Files.copy(Path.of("packaging/kmip-unlock.classlist"), home.resolve("kmip-unlock.classlist"));
            ProcessBuilder make =
                    new ProcessBuilder(lab.install().makeCdsArchive().toString(), classlist.toString()).inheritIO();
            make.environment().put("KMIP_UNLOCK_HOME", home.toString());
            if (make.start().waitFor() != 0) {
                throw new IllegalStateException("make-cds-archive failed");
            }
            Path archive = home.resolve("kmip-unlock.jsa");
            Path aside = home.resolve("kmip-unlock.jsa.aside");
            String[] open = {"open", "--config", conf, "--key-slot", Integer.toString(slot), "--test-passphrase"};

            for (int i = 0; i < 3; i++) { // warm the key manager (JIT, chain cache), not measured
                check(lab.kmipUnlock(open));
            }
            List<Long> withCds = new ArrayList<>();
            List<Long> without = new ArrayList<>();
            for (int i = 0; i < runs; i++) {
                Files.move(archive, aside);
                without.add(timed(lab, open));
                Files.move(aside, archive);
                withCds.add(timed(lab, open));
            }
            print("without archive", without);
            print("with archive   ", withCds);
        }
    }

    private static long timed(Lab lab, String[] open) throws Exception {
        long start = System.nanoTime();
        Lab.Run r = lab.kmipUnlock(Map.of(), open);
        long ms = (System.nanoTime() - start) / 1_000_000;
        check(r);
        return ms;
    }

    private static void check(Lab.Run r) {
        if (r.exit() != 0) {
            throw new IllegalStateException("unlock failed (exit " + r.exit() + "): " + r.output());
        }
    }

    private static void print(String label, List<Long> ms) {
        List<Long> sorted = new ArrayList<>(ms);
        Collections.sort(sorted);
        int n = sorted.size();
        long median = n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
        System.out.printf(
                "%s: runs %d, min %d ms, median %d ms, max %d ms; sorted %s%n",
                label, n, sorted.get(0), median, sorted.get(n - 1), sorted);
    }
}
