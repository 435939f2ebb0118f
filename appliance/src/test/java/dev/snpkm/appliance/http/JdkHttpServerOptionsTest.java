package dev.snpkm.appliance.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The JDK server's options reach it as system properties; an operator's own -D value wins. */
class JdkHttpServerOptionsTest {
    private static final List<String> KEYS = List.of(
            JdkHttpServerOptions.MAX_REQUEST_SECONDS,
            JdkHttpServerOptions.MAX_RESPONSE_SECONDS,
            JdkHttpServerOptions.NO_DELAY);
    private final Properties saved = new Properties();

    @BeforeEach
    void save() {
        for (String k : KEYS) {
            if (System.getProperty(k) != null) {
                saved.setProperty(k, System.getProperty(k));
            }
            System.clearProperty(k);
        }
    }

    @AfterEach
    void restore() {
        KEYS.forEach(System::clearProperty);
        saved.forEach((k, v) -> System.setProperty((String) k, (String) v));
    }

    @Test
    void deadlinesAreTheConfiguredOnesAndNagleIsOff() {
        JdkHttpServerOptions.apply(Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(Map.of(
                        "req", System.getProperty(JdkHttpServerOptions.MAX_REQUEST_SECONDS),
                        "rsp", System.getProperty(JdkHttpServerOptions.MAX_RESPONSE_SECONDS),
                        "nodelay", System.getProperty(JdkHttpServerOptions.NO_DELAY)))
                .isEqualTo(Map.of("req", "30", "rsp", "3600", "nodelay", "true"));
    }

    @Test
    void aValueGivenOnTheCommandLineWins() {
        System.setProperty(JdkHttpServerOptions.NO_DELAY, "false");
        System.setProperty(JdkHttpServerOptions.MAX_REQUEST_SECONDS, "7");
        JdkHttpServerOptions.apply(Duration.ofSeconds(30), Duration.ofHours(1));
        assertThat(System.getProperty(JdkHttpServerOptions.NO_DELAY)).isEqualTo("false");
        assertThat(System.getProperty(JdkHttpServerOptions.MAX_REQUEST_SECONDS)).isEqualTo("7");
        assertThat(System.getProperty(JdkHttpServerOptions.MAX_RESPONSE_SECONDS))
                .isEqualTo("3600");
    }
}
