package dev.snpkm.appliance.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrative actions that must reach the running process (the H2 file is locked by it): policy list and reload,
 * audit tail and verify, online backup. Two gates: the request must come from a loopback address (even when /metrics
 * is exposed to a scraper) and prove it holds data-dir/admin.token, a 0600 file only the appliance's user can read —
 * so "can run kmipctl on the appliance host as the appliance user" is the privilege. The proof is either {@code
 * Authorization: Bearer <token>} (curl) or, as kmipctl does, an {@link AdminMac} over a nonce from {@code POST
 * /admin/challenge} and the request, so that whoever holds the port while the appliance is down never sees the token.
 * The answer to such a request carries an {@link AdminMac} of its own over the nonce, the request and the answer, so
 * that kmipctl can refuse an answer from whoever holds the port instead.
 */
public final class AdminRoutes implements HttpHandler {
    private static final Logger LOG = LoggerFactory.getLogger(AdminRoutes.class);

    /** What the routes do; implemented by the appliance over its runtime. */
    public interface Actions {
        String listPolicies();

        /** @return a one-line result; throws with a one-line message when the new policies are rejected */
        String reloadPolicies() throws Exception;

        /** @param anchor "seq:hex" from a log line, metric or backup, or null: also detect a cut-off tail */
        String auditVerify(@Nullable String anchor);

        String auditTail(int records);

        /**
         * Begins an online backup: what can fail before a byte is sent fails here, answered 500 with its reason.
         * The backup itself is then streamed ({@link BackupBody}).
         */
        Backup backup() throws Exception;

        /**
         * A request was refused before any route ran (not a loopback peer, no or a wrong token): to be audited and
         * counted. Called after the refusal was answered.
         */
        default void refused(String peer, String why) {}
    }

    /**
     * @param auditAnchor "seq:hex" of an audit record the backup holds (the backup's own record), sent as a header
     *     before the body
     * @param body the encrypted backup, written as it is made
     */
    public record Backup(String auditAnchor, BackupBody body) {}

    /** A backup begun: written at most once, then always closed. */
    public interface BackupBody extends AutoCloseable {
        /**
         * Writes the whole sealed backup. A failure leaves the stream without its final chunk, which kmipctl and
         * restore refuse: the response's status and headers are already sent by then.
         */
        void writeTo(OutputStream out) throws Exception;

        @Override
        void close();
    }

    /** The response header that carries {@link Backup#auditAnchor}. */
    public static final String AUDIT_ANCHOR_HEADER = "X-Audit-Anchor";

    /** Admin routes take no body; a MAC'd one is hashed up to this size, beyond it the request is refused. */
    private static final int MAX_MACED_BODY = 64 * 1024;

    private static final String WRONG_TOKEN = "missing or wrong admin token";

    private final byte[] token;
    private final Actions actions;
    private final AdminChallenges challenges;
    /**
     * One online backup at a time: each holds a store connection and an open snapshot until its client has read it
     * all (up to the response deadline), and the pool keeps only two connections beyond the workers'.
     */
    private final Semaphore backups = new Semaphore(1);

    public AdminRoutes(String token, Actions actions) {
        this(token, actions, new AdminChallenges(System::nanoTime));
    }

    AdminRoutes(String token, Actions actions, AdminChallenges challenges) {
        this.token = AdminMac.key(token);
        this.actions = actions;
        this.challenges = challenges;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        boolean cut = false;
        try {
            route(ex);
        } catch (BackupCut e) {
            cut = true;
            throw e;
        } finally {
            if (!cut) {
                ex.close();
            }
        }
    }

    /**
     * A backup failed after its 200 and headers went out. The exchange is left unclosed: closed, the JDK server would
     * end the chunked body as if it were whole; thrown out of the handler, this makes the server close the connection
     * instead, so any HTTP client (curl too) sees a cut-off transfer, besides the missing final chunk kmipctl checks.
     */
    private static final class BackupCut extends IOException {
        private static final long serialVersionUID = 1L;

        BackupCut(Exception cause) {
            super("backup failed after its headers were sent", cause);
        }
    }

    private void route(HttpExchange ex) throws IOException {
        try {
            String peer = ex.getRemoteAddress().getAddress().getHostAddress();
            if (!admits(ex.getRemoteAddress().getAddress())) {
                OpsHttpServer.send(ex, 403, "text/plain", "admin routes answer loopback clients only\n");
                actions.refused(peer, "not a loopback peer");
                return;
            }
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            if (route.equals("POST " + AdminMac.CHALLENGE_PATH)) {
                challenge(ex, peer); // no auth: a nonce is worthless without the token
                return;
            }
            Proof proof = proof(ex);
            if (!proof.refusal().isEmpty()) {
                // One answer for every failure, so a prober learns nothing about which part was wrong.
                OpsHttpServer.send(ex, 401, "text/plain", "missing or wrong admin token (data-dir/admin.token)\n");
                actions.refused(peer, proof.refusal());
                return;
            }
            String nonce = proof.nonce();
            LOG.info("event=admin_request route=\"{}\"", route);
            switch (route) {
                case "GET /admin/policies" -> text(ex, nonce, 200, actions.listPolicies());
                case "POST /admin/policies/reload" -> {
                    try {
                        text(ex, nonce, 200, actions.reloadPolicies());
                    } catch (Exception e) {
                        text(ex, nonce, 422, "reload refused, previous policies stay in force: " + e.getMessage());
                    }
                }
                case "GET /admin/audit/verify" -> text(ex, nonce, 200, actions.auditVerify(query(ex, "anchor")));
                case "GET /admin/audit/tail" -> text(ex, nonce, 200, actions.auditTail(count(ex)));
                case "POST /admin/backup" -> backup(ex, nonce);
                default -> text(ex, nonce, 404, "no such admin route: " + route);
            }
        } catch (RuntimeException e) {
            LOG.error("event=admin_error error=\"{}\"", e.toString());
        }
    }

    /**
     * Streams the backup with chunked transfer encoding, so the appliance never holds it: the anchor header goes out
     * before the body, and a failure after that ends the body without the backup's final chunk (kmipctl's check).
     */
    private void backup(HttpExchange ex, @Nullable String nonce) throws IOException {
        if (!backups.tryAcquire()) {
            text(ex, nonce, 429, "another online backup is running; try again when it has ended");
            return;
        }
        try {
            streamBackup(ex, nonce);
        } finally {
            backups.release();
        }
    }

    private void streamBackup(HttpExchange ex, @Nullable String nonce) throws IOException {
        Backup b;
        try {
            b = actions.backup();
        } catch (Exception e) {
            text(ex, nonce, 500, "backup failed: " + e.getMessage());
            return;
        }
        try (BackupBody body = b.body()) {
            ex.getResponseHeaders().set(AUDIT_ANCHOR_HEADER, b.auditAnchor());
            ex.getResponseHeaders().set("Content-Type", "application/octet-stream");
            ex.getResponseHeaders().set("Cache-Control", "no-store");
            // Before the body, so not over it: the sealed stream is its own integrity.
            sign(ex, nonce, 200, AdminMac.STREAMED);
            ex.sendResponseHeaders(200, 0); // 0: chunked, the length is not known until the end
            body.writeTo(ex.getResponseBody());
        } catch (Exception e) {
            LOG.error(
                    "event=backup_failed error=\"{}\"",
                    String.valueOf(e.getMessage()).replace('"', '\''));
            throw new BackupCut(e);
        }
    }

    /** Whether a peer at this address may use the routes: loopback only, whatever address the server is bound to. */
    static boolean admits(InetAddress peer) {
        return peer != null && peer.isLoopbackAddress();
    }

    /**
     * A fresh nonce; none while {@link AdminChallenges#CAPACITY} are outstanding (429, counted and audited as a
     * refusal, so that a flood shows), for pushing one out would void a request in flight.
     */
    private void challenge(HttpExchange ex, String peer) throws IOException {
        Optional<String> nonce = challenges.issue();
        if (nonce.isPresent()) {
            text(ex, null, 200, nonce.get());
            return;
        }
        text(
                ex,
                null,
                429,
                "no admin challenge to spare: " + AdminChallenges.CAPACITY + " are outstanding (each good for "
                        + AdminChallenges.TTL.toSeconds() + " s); try again shortly");
        actions.refused(peer, "admin challenge table full");
    }

    /**
     * Whether a request proved it holds the token: {@code refusal} says why not, or is "" when it did; {@code nonce}
     * is the one its MAC answered (its answer is MAC'd over it too), null for a bearer token.
     */
    private record Proof(String refusal, @Nullable String nonce) {
        static Proof refused(String why) {
            return new Proof(why, null);
        }
    }

    private Proof proof(HttpExchange ex) throws IOException {
        String header = ex.getRequestHeaders().getFirst("Authorization");
        if (token.length == 0 || header == null) {
            // An emptied admin.token must lock the routes, not open them to an empty bearer value or an empty key.
            return Proof.refused(WRONG_TOKEN);
        }
        if (header.startsWith("Bearer ")) {
            return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.US_ASCII))
                    ? new Proof("", null)
                    : Proof.refused(WRONG_TOKEN);
        }
        Optional<AdminMac.Presented> presented = AdminMac.parse(header);
        if (presented.isEmpty()) {
            return Proof.refused(WRONG_TOKEN);
        }
        String nonce = presented.get().nonce();
        if (!challenges.consume(nonce)) {
            return Proof.refused("unknown, expired or used admin challenge");
        }
        Optional<byte[]> bodySha256 = bodySha256(ex);
        if (bodySha256.isEmpty()) {
            return Proof.refused("admin request body over " + MAX_MACED_BODY + " bytes");
        }
        byte[] expected = AdminMac.mac(
                token, nonce, ex.getRequestMethod(), AdminMac.target(ex.getRequestURI()), bodySha256.get());
        return MessageDigest.isEqual(expected, presented.get().mac())
                ? new Proof("", nonce)
                : Proof.refused(WRONG_TOKEN);
    }

    /**
     * Adds the {@link AdminMac#RESPONSE_HEADER} over this answer to a MAC'd request, so that kmipctl can tell the
     * appliance's answers from those of whoever else may hold the port; nothing for a bearer token (no nonce).
     *
     * @param body the body's {@link AdminMac#bodyHash}, or {@link AdminMac#STREAMED}
     */
    private void sign(HttpExchange ex, @Nullable String nonce, int status, String body) {
        if (nonce == null) {
            return;
        }
        String anchor = ex.getResponseHeaders().getFirst(AUDIT_ANCHOR_HEADER);
        AdminMac.Answer answer = new AdminMac.Answer(
                nonce,
                ex.getRequestMethod(),
                AdminMac.target(ex.getRequestURI()),
                status,
                anchor == null ? "" : anchor,
                body);
        ex.getResponseHeaders().set(AdminMac.RESPONSE_HEADER, AdminMac.responseHeader(token, answer));
    }

    private static Optional<byte[]> bodySha256(HttpExchange ex) throws IOException {
        MessageDigest sha256 = AdminMac.sha256();
        byte[] buffer = new byte[8192];
        long total = 0;
        try (InputStream in = ex.getRequestBody()) {
            for (int n; (n = in.read(buffer)) != -1; ) {
                total += n;
                if (total > MAX_MACED_BODY) {
                    return Optional.empty();
                }
                sha256.update(buffer, 0, n);
            }
        }
        return Optional.of(sha256.digest());
    }

    private static int count(HttpExchange ex) {
        String n = query(ex, "n");
        if (n != null) {
            try {
                return Math.max(1, Math.min(10_000, Integer.parseInt(n)));
            } catch (NumberFormatException ignored) {
                // fall through to the default
            }
        }
        return 20;
    }

    /** The decoded value of a query parameter, or null. */
    private static @Nullable String query(HttpExchange ex, String name) {
        String q = ex.getRequestURI().getRawQuery();
        if (q != null) {
            for (String part : q.split("&")) {
                if (part.startsWith(name + "=")) {
                    return URLDecoder.decode(part.substring(name.length() + 1), StandardCharsets.UTF_8);
                }
            }
        }
        return null;
    }

    /** A text answer, MAC'd if the request was (nonce not null). */
    private void text(HttpExchange ex, @Nullable String nonce, int status, String text) throws IOException {
        byte[] body = (text.endsWith("\n") ? text : text + "\n").getBytes(StandardCharsets.UTF_8);
        sign(ex, nonce, status, AdminMac.bodyHash(body));
        OpsHttpServer.send(ex, status, "text/plain; charset=utf-8", body);
    }
}
