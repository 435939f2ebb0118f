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
 *
 * <p>The appliance answers such a request (but a 401: the MAC it refuses is no key to answer under) with a MAC of its
 * own, so that kmipctl knows the answer, not only the question, is the appliance's:
 *
 * <pre>
 * Snpkm-Response-MAC: body=sha256|streamed, mac=&lt;64 lowercase hex&gt;
 * mac = HMAC-SHA256(same key, UTF-8 of "snpkm-response-v1" "\n" nonce "\n" METHOD "\n" target "\n" status
 *                   "\n" X-Audit-Anchor value or "" "\n" lowercase-hex(SHA-256(body)) or "streamed")
 * </pre>
 *
 * The first line keeps it from ever being a request MAC (whose message starts with the nonce's hex). {@code streamed}
 * says the body is not covered, because it was sent before its hash was known: only the backup's, which is sealed
 * under a key derived from the master key and so carries its own integrity.
 */
public final class AdminMac {
    public static final String SCHEME = "Snpkm-HMAC";
    public static final String CHALLENGE_PATH = "/admin/challenge";
    public static final String RESPONSE_HEADER = "Snpkm-Response-MAC";
    /** The body field of a response MAC that does not cover the body. */
    public static final String STREAMED = "streamed";

    private static final Pattern NONCE = Pattern.compile("[0-9a-f]{64}");
    private static final Pattern HEADER = Pattern.compile(SCHEME + " nonce=([0-9a-f]{64}), mac=([0-9a-f]{64})");
    private static final Pattern RESPONSE = Pattern.compile("body=(sha256|streamed), mac=([0-9a-f]{64})");
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
        return hmac(key, nonce + "\n" + method + "\n" + target + "\n" + HEX.formatHex(bodySha256));
    }

    /**
     * One answer to a request that presented {@code nonce}, as its response MAC covers it.
     *
     * @param auditAnchor the X-Audit-Anchor header's value, "" without one
     * @param body the lowercase hex SHA-256 of the body, or {@link #STREAMED}
     */
    public record Answer(String nonce, String method, String target, int status, String auditAnchor, String body) {
        /** This answer with a body the MAC does not cover. */
        public Answer streamed() {
            return new Answer(nonce, method, target, status, auditAnchor, STREAMED);
        }

        private byte[] mac(byte[] key) {
            return hmac(
                    key,
                    "snpkm-response-v1\n" + nonce + "\n" + method + "\n" + target + "\n" + status + "\n" + auditAnchor
                            + "\n" + body);
        }
    }

    /** The body field of an {@link Answer} that covers this body. */
    public static String bodyHash(byte[] body) {
        return HEX.formatHex(sha256().digest(body));
    }

    /** The {@link #RESPONSE_HEADER} value for this answer. */
    public static String responseHeader(byte[] key, Answer answer) {
        return "body=" + (answer.body().equals(STREAMED) ? STREAMED : "sha256") + ", mac="
                + HEX.formatHex(answer.mac(key));
    }

    /**
     * Whether a {@link #RESPONSE_HEADER} value is the MAC of this answer, its body field as the header declares:
     * {@link #STREAMED} only if the caller accepts a body the MAC does not cover.
     *
     * @param received the answer as received, its body field the hash of the body received
     */
    public static boolean isResponseMac(
            byte[] key, @Nullable String header, Answer received, boolean streamedAccepted) {
        Matcher m = RESPONSE.matcher(header == null ? "" : header.trim());
        if (!m.matches()) {
            return false;
        }
        boolean streamed = m.group(1).equals(STREAMED);
        if (streamed && !streamedAccepted) {
            return false;
        }
        return MessageDigest.isEqual((streamed ? received.streamed() : received).mac(key), HEX.parseHex(m.group(2)));
    }

    private static byte[] hmac(byte[] key, String message) {
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
