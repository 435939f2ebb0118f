package dev.snpkm.appliance.config;

/** A configuration problem, phrased for the operator: the key, then what is wrong with it, on one line. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;

    public ConfigException(String key, String problem) {
        super(key + ": " + problem);
    }

    /** The cause's own message as the problem, or its class name when it has none (never "null"). */
    public ConfigException(String key, Exception cause) {
        this(
                key,
                cause.getMessage() != null
                        ? cause.getMessage()
                        : cause.getClass().getSimpleName());
    }
}
