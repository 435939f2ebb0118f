package dev.snpkm.server.transport;

import java.util.Objects;

/**
 * KMIP over HTTPS (KMIP Profiles 2.1 §3.2 HTTPS Authentication Suite, §5.3 HTTPS profile): {@code POST} of one
 * TTLV, JSON or XML message to {@link #path}, on the TTLV listener's own port, which the profile asks for ("SHOULD be
 * 5696 when a server supports both"). The listener tells the two apart by a connection's first decrypted byte: every
 * TTLV request starts with the Request Message tag's 0x42, no HTTP request line does.
 *
 * @param enabled off, a connection whose first byte is not 0x42 is TTLV that fails to frame, as without this feature
 * @param path the request target, {@code /kmip} by default (the profile lets it be configured)
 * @param maxHeaderBytes the request line and the headers together, at most
 */
public record HttpsSettings(boolean enabled, String path, int maxHeaderBytes) {
    public static final String DEFAULT_PATH = "/kmip";
    /** Enough for any client's headers; the request line of {@code POST /kmip} is a few dozen bytes. */
    public static final int DEFAULT_MAX_HEADER_BYTES = 8192;

    /** No HTTPS: TTLV only. */
    public static final HttpsSettings OFF = new HttpsSettings(false, DEFAULT_PATH, DEFAULT_MAX_HEADER_BYTES);

    public HttpsSettings {
        Objects.requireNonNull(path, "path");
        if (!path.startsWith("/") || path.chars().anyMatch(c -> c <= ' ' || c >= 0x7F || c == '?' || c == '#')) {
            throw new IllegalArgumentException(
                    "the HTTPS path must be an absolute path such as /kmip, got '" + path + "'");
        }
        if (maxHeaderBytes < 256) {
            throw new IllegalArgumentException("the HTTPS header limit must be at least 256 bytes");
        }
    }

    /** HTTPS on {@link #DEFAULT_PATH} with the default header limit. */
    public static HttpsSettings on() {
        return new HttpsSettings(true, DEFAULT_PATH, DEFAULT_MAX_HEADER_BYTES);
    }
}
