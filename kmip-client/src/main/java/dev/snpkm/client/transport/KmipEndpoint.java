package dev.snpkm.client.transport;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Where the key manager listens. {@code host} is also the name its certificate must carry (unless pinned). */
public record KmipEndpoint(String host, int port) {
    /** IANA port for KMIP over TLS (KMIP 2.1 Profiles §3.1). */
    public static final int KMIP_PORT = 5696;

    public KmipEndpoint {
        Objects.requireNonNull(host, "host");
        if (host.isBlank() || port < 1 || port > 65535) {
            throw new IllegalArgumentException("endpoint needs a host and a port in 1..65535: " + host + ":" + port);
        }
    }

    /** "host", "host:port", "[v6addr]:port" or "[v6addr]"; the port defaults to 5696. */
    public static KmipEndpoint parse(String text) {
        String t = text.trim();
        if (t.startsWith("[")) {
            int close = t.indexOf(']');
            if (close < 0) {
                throw new IllegalArgumentException("unclosed '[' in server address '" + text + "'");
            }
            String host = t.substring(1, close);
            String rest = t.substring(close + 1);
            return new KmipEndpoint(host, rest.startsWith(":") ? port(rest.substring(1), text) : KMIP_PORT);
        }
        int colon = t.lastIndexOf(':');
        if (colon < 0 || t.indexOf(':') != colon) {
            return new KmipEndpoint(t, KMIP_PORT);
        }
        return new KmipEndpoint(t.substring(0, colon), port(t.substring(colon + 1), text));
    }

    /** Several servers, comma-separated, each as {@link #parse} reads one: "kms-a:5696,kms-b:5696". */
    public static List<KmipEndpoint> parseList(String text) {
        List<KmipEndpoint> out = new ArrayList<>();
        for (String one : text.split(",")) {
            if (!one.isBlank()) {
                out.add(parse(one));
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no server address in '" + text + "'");
        }
        return List.copyOf(out);
    }

    private static int port(String digits, String text) {
        try {
            return Integer.parseInt(digits);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("bad port in server address '" + text + "'", e);
        }
    }

    @Override
    public String toString() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }
}
