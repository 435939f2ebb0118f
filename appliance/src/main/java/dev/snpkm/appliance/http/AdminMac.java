package dev.snpkm.appliance.http;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.jspecify.annotations.Nullable;

/**
 * The {@code Snpkm-HMAC} proof that an admin request's sender holds admin.token, without sending it: whoever answers
 * on the ops port (the appliance, or a local user who bound it while the appliance was down) learns a MAC over one
 * nonce and one request, never the token.
 *
 * <pre>
 * Authorization: Snpkm-HMAC nonce=&lt;64 lowercase hex&gt;, mac=&lt;64 lowercase hex&gt;
 * mac = HMAC-SHA256(key = admin.token trimmed, US-ASCII,
 *                   UTF-8 of nonce "\n" METHOD "\n" target "\n" lowercase-hex(SHA-256(body)))
 * </pre>
 *
 * where nonce is as {@code POST /admin/challenge} returned it and target is the request-target as sent: raw path, then
 * {@code ?} and the raw query if there is a non-empty one (no decoding, so both ends hash the same bytes).
 */
public final class AdminMac {
    public static final String SCHEME = "Snpkm-HMAC";
    public static final String CHALLENGE_PATH = "/admin/challenge";

    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER = Pattern.compile(SCHEME + " nonce=([0-9a-f]{64}), mac=([0-9a-f]{64})");
    private static final HexFormat HEX = HexFormat.of();

    private AdminMac() {}

    /** What an Authorization header presents: the nonce it answers and its MAC. */
    record Presented(String nonce, byte[] mac) {}

    /** The HMAC key: the token file's content without surrounding whitespace, as the bearer check reads it. */
    public static byte[] key(String token) {
        return token.trim().getBytes(StandardCharsets.US_ASCII);
    }

    public static boolean isNonce(String s) {
        return NONCE.matcher(s).matches();
    }

    /** The request-target both ends MAC: raw path and, if non-empty, "?" and the raw query. */
    public static String target(URI uri) {
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        String query = uri.getRawQuery();
        return query == null || query.isEmpty() ? path : path + "?" + query;
    }

    /** The header value for a request with this body, answering this nonce. */
    public static String authorization(byte[] key, String nonce, String method, String target, byte[] body) {
        byte[] mac = mac(key, nonce, method, target, sha256().digest(body));
        return SCHEME + " nonce=" + nonce + ", mac=" + HEX.formatHex(mac);
    }

    static byte[] mac(byte[] key, String nonce, String method, String target, byte[] bodySha256) {
        String message = nonce + "\n" + method + "\n" + target + "\n" + HEX.formatHex(bodySha256);
        try {
            Mac hmac = Mac.getInstance("HmacSHA256");
            hmac.init(new SecretKeySpec(key, "HmacSHA256"));
            return hmac.doFinal(message.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e); // every Java 17 runtime has it
        }
    }

    /** The nonce and MAC of a well-formed Snpkm-HMAC header; empty for anything else. */
    static Optional<Presented> parse(@Nullable String header) {
        if (header == null) {
            return Optional.empty();
        }
        Matcher m = HEADER.matcher(header.trim());
        return m.matches() ? Optional.of(new Presented(m.group(1), HEX.parseHex(m.group(2)))) : Optional.empty();
    }

    static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
