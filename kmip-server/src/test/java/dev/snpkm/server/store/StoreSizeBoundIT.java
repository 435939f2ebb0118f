package dev.snpkm.server.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The store file stays within 3 × its live data + 64 MB under a minute of full-speed mixed writes
 * ({@link StoreSoak}; {@code -Dsnpkm.soak.seconds=N} for longer), and the live-data estimate is honest: an offline
 * compacted copy is no bigger than the bound either.
 */
class StoreSizeBoundIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void theFileStaysWithinThreeTimesItsLiveDataPlus64MbUnderFullSpeedMixedWrites() throws Exception {
        int seconds = Integer.getInteger("snpkm.soak.seconds", 60);
        StoreSoak.Result r = StoreSoak.run(dir, seconds, 8, 5, System.out);

        assertThat(r.writes()).isPositive();
        assertThat(r.samples()).hasSizeGreaterThanOrEqualTo(seconds / 5);
        assertThat(r.samples())
                .allSatisfy(s -> assertThat(s.fileBytes())
                        .as("file at %d s", s.seconds())
                        .isLessThanOrEqualTo(s.bound()));
        StoreSoak.Sample last = r.samples().get(r.samples().size() - 1);
        assertThat(r.compactedBytes()).as("compacted copy vs live estimate").isLessThanOrEqualTo(last.bound());
    }
}
