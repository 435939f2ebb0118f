package dev.snpkm.unlock.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.unlock.ExitCodes;
import dev.snpkm.unlock.luks.LuksEnroller;
import dev.snpkm.unlock.luks.LuksImage;
import dev.snpkm.unlock.luks.SystemProcessRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The class-data archive as the README builds it: the shipped class list (packaging/kmip-unlock.classlist) still
 * covers what a real unlock of the shipped jar loads, make-cds-archive.sh turns it into an archive for the jlink'ed
 * runtime, and the launcher's next unlock takes its classes from that archive.
 */
@Timeout(300)
class CdsArchiveIT {
    /** Classes of a fresh run the shipped list may miss before it counts as stale (JDK updates move a few). */
    private static final double MAX_MISSING = 0.05;

    private static final Path SHIPPED_LIST = Path.of("packaging/kmip-unlock.classlist");
    private static final Path FRESH_LIST =
            Path.of("target/kmip-unlock.classlist").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void theShippedClassListMakesAnArchiveThatTheNextUnlockLoadsItsClassesFrom() throws Exception {
        try (Lab lab = Lab.start(dir)) {
            Path image = LuksImage.format(Files.createDirectories(dir.resolve("volume")));
            byte[] dek = new byte[32];
            new SecureRandom().nextBytes(dek);
            String keyId = lab.keyManager().provisionBoundKey(lab.vmSubject(), dek);
            new LuksEnroller(new SystemProcessRunner(), "cryptsetup", Duration.ofSeconds(30))
                    .enroll(image, LuksImage.passphraseFile(dir.resolve("volume")), dek, LuksImage.FAST_PBKDF);
            String conf = lab.config(keyId, image).toString();

            // 1. What a real unlock loads, written where a maintainer copies it from to refresh the shipped list.
            Files.deleteIfExists(FRESH_LIST);
            Lab.Run training = lab.kmipUnlock(
                    Map.of("KMIP_UNLOCK_JAVA_OPTS", "-XX:DumpLoadedClassList=" + FRESH_LIST),
                    "open",
                    "--config",
                    conf,
                    "--test-passphrase");
            assertThat(training.exit()).as(training.output()).isEqualTo(ExitCodes.OK);
            Set<String> fresh = classes(FRESH_LIST);
            Set<String> missing = new HashSet<>(fresh);
            missing.removeAll(classes(SHIPPED_LIST));
            assertThat((double) missing.size() / fresh.size())
                    .as(missing.size() + " of " + fresh.size()
                            + " classes of a real unlock are missing from " + SHIPPED_LIST + " (refresh it: cp "
                            + FRESH_LIST
                            + " " + SHIPPED_LIST + "), e.g. "
                            + missing.stream().sorted().limit(10).toList())
                    .isLessThanOrEqualTo(MAX_MISSING);

            // 2. The archive, as at install time, from the shipped list.
            Path classlist = Files.copy(SHIPPED_LIST, lab.install().home().resolve("kmip-unlock.classlist"));
            ProcessBuilder make = new ProcessBuilder(
                            lab.install().makeCdsArchive().toString(), classlist.toString())
                    .redirectErrorStream(true);
            make.environment().put("KMIP_UNLOCK_HOME", lab.install().home().toString());
            Process dump = make.start();
            String dumpOut = new String(dump.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(dump.waitFor(120, TimeUnit.SECONDS)).isTrue();
            assertThat(dump.exitValue()).as(dumpOut).isZero();
            assertThat(lab.install().home().resolve("kmip-unlock.jsa")).isNotEmptyFile();

            // 3. The next unlock maps its classes from the archive (-Xshare:on fails if it cannot be used).
            Path log = dir.resolve("class-load.log");
            Lab.Run shared = lab.kmipUnlock(
                    Map.of("KMIP_UNLOCK_JAVA_OPTS", "-Xshare:on -Xlog:class+load=info:file=" + log),
                    "open",
                    "--config",
                    conf,
                    "--test-passphrase");
            assertThat(shared.exit()).as(shared.output()).isEqualTo(ExitCodes.OK);
            List<String> loads = Files.readAllLines(log);
            assertThat(loads)
                    .anyMatch(l -> l.contains("dev.snpkm.unlock.KmipUnlock ") && l.contains("shared objects file"));
            long fromJar = loads.stream()
                    .filter(l -> l.contains("dev.snpkm.") && !l.contains("shared objects file"))
                    .count();
            long ours = loads.stream().filter(l -> l.contains("dev.snpkm.")).count();
            assertThat((double) fromJar / ours)
                    .as("our classes loaded from the jar rather than the archive")
                    .isLessThan(MAX_MISSING * 2);
        }
    }

    private static Set<String> classes(Path list) throws Exception {
        return Files.readAllLines(list).stream()
                .filter(l -> !l.startsWith("#") && !l.isBlank())
                .map(l -> l.split(" ")[0])
                .collect(Collectors.toSet());
    }
}
