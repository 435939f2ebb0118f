package dev.snpkm.server.revocation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.server.testing.EngineFixture.MovableClock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RefusalLogThrottleTest {
    private final MovableClock clock = new MovableClock();

    @Test
    void theFirstRefusalIsLoggedAndTheRestOfTheIntervalOnlyCounted() {
        RefusalLogThrottle throttle = new RefusalLogThrottle(clock, Duration.ofSeconds(10));
        assertThat(throttle.admit()).isZero();
        for (int i = 0; i < 500; i++) {
            assertThat(throttle.admit()).isEqualTo(RefusalLogThrottle.LEAVE_OUT);
        }
        clock.advance(Duration.ofSeconds(9));
        assertThat(throttle.admit()).isEqualTo(RefusalLogThrottle.LEAVE_OUT);

        clock.advance(Duration.ofSeconds(1));
        assertThat(throttle.admit())
                .as("the next line says how many were left out")
                .isEqualTo(501);
        assertThat(throttle.admit()).isEqualTo(RefusalLogThrottle.LEAVE_OUT);
    }

    @Test
    void aQuietClientIsLoggedAgainWithNothingLeftOut() {
        RefusalLogThrottle throttle = new RefusalLogThrottle(clock, Duration.ofSeconds(10));
        assertThat(throttle.admit()).isZero();
        clock.advance(Duration.ofSeconds(60));
        assertThat(throttle.admit()).isZero();
    }

    @Test
    void anIntervalMustBePositive() {
        assertThatThrownBy(() -> new RefusalLogThrottle(clock, Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("positive");
    }
}
