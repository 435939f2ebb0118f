package dev.snpkm.appliance.testing;

/** Appliance YAML for process tests: loopback only, ephemeral ports, two workers (a shared 2-core machine). */
public final class TestConfigs {
    private static final String LOOPBACK = """
            kmip:
              address: 127.0.0.1
              port: 0
            metrics:
              port: 0
            limits:
              workers: 2
            """;

    private TestConfigs() {}

    /** The loopback configuration followed by {@code extraYaml} (other top-level keys). */
    public static String loopback(String extraYaml) {
        return LOOPBACK + extraYaml;
    }

    /** The loopback configuration with {@code kmipYaml} (keys of the kmip section, indented by two) added to kmip. */
    public static String loopbackWithKmipKeys(String kmipYaml) {
        return LOOPBACK.replace("  port: 0\nmetrics:", "  port: 0\n" + kmipYaml + "metrics:");
    }
}
