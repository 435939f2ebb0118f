package dev.snpkm.appliance.durability;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Five kill -9 trials against the appliance process under concurrent writes ({@link KillNineHarness}): nothing
 * acknowledged lost, and every object and its audit records both present or both absent.
 */
class KillNineIT {
    @TempDir
    Path dir;

    @Test
    @Timeout(value = 10, unit = TimeUnit.MINUTES)
    void everyAcknowledgedWriteSurvivesKillNineAndEveryRestartSucceeds() throws Exception {
        KillNineHarness.Result r = KillNineHarness.run(dir, 5, new Random(), System.out);

        assertThat(r.restartsFailed()).isZero();
        assertThat(r.acknowledged()).isPositive();
        assertThat(r.checked()).isEqualTo(r.acknowledged());
        assertThat(r.lost()).isZero();
        assertThat(r.unaudited()).isZero();
    }
}
