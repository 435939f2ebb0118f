package dev.snpkm.appliance.http;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.net.InetAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Administrative actions that must reach the running process (the H2 file is locked by it): policy list and reload,
 * audit tail and verify, online backup. Two gates: the request must come from a loopback address (even when /metrics
 * is exposed to a scraper) and carry {@code Authorization: Bearer <data-dir/admin.token>}, a 0600 file only the
 * appliance's user can read — so "can run kmipctl on the appliance host as the appliance user" is the privilege.
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

        /** The encrypted backup file and the audit anchor it contains. */
        Backup backup() throws Exception;

        /**
         * A request was refused before any route ran (not a loopback peer, no or a wrong token): to be audited and
         * counted. Called after the refusal was answered.
         */
        default void refused(String peer, String why) {}
    }

    /**
     * @param file the encrypted backup file's bytes
     * @param auditAnchor "seq:hex" of an audit record the backup holds (the backup's own record)
     */
    public record Backup(byte[] file, String auditAnchor) {}

    /** The response header that carries {@link Backup#auditAnchor}. */
    public static final String AUDIT_ANCHOR_HEADER = "X-Audit-Anchor";

    private final byte[] token;
    private final Actions actions;

    public AdminRoutes(String token, Actions actions) {
        this.token = token.trim().getBytes(StandardCharsets.US_ASCII);
        this.actions = actions;
    }

    @Override
    public void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String peer = ex.getRemoteAddress().getAddress().getHostAddress();
            if (!admits(ex.getRemoteAddress().getAddress())) {
                OpsHttpServer.send(ex, 403, "text/plain", "admin routes answer loopback clients only\n");
                actions.refused(peer, "not a loopback peer");
                return;
            }
            if (!authorized(ex.getRequestHeaders().getFirst("Authorization"))) {
                OpsHttpServer.send(ex, 401, "text/plain", "missing or wrong admin token (data-dir/admin.token)\n");
                actions.refused(peer, "missing or wrong admin token");
                return;
            }
            String route = ex.getRequestMethod() + " " + ex.getRequestURI().getPath();
            LOG.info("event=admin_request route=\"{}\"", route);
            switch (route) {
                case "GET /admin/policies" -> text(ex, 200, actions.listPolicies());
                case "POST /admin/policies/reload" -> {
                    try {
                        text(ex, 200, actions.reloadPolicies());
                    } catch (Exception e) {
                        text(ex, 422, "reload refused, previous policies stay in force: " + e.getMessage());
                    }
                }
                case "GET /admin/audit/verify" -> text(ex, 200, actions.auditVerify(query(ex, "anchor")));
                case "GET /admin/audit/tail" -> text(ex, 200, actions.auditTail(count(ex)));
                case "POST /admin/backup" -> {
                    try {
                        Backup b = actions.backup();
                        ex.getResponseHeaders().set(AUDIT_ANCHOR_HEADER, b.auditAnchor());
                        OpsHttpServer.send(ex, 200, "application/octet-stream", b.file());
                    } catch (Exception e) {
                        text(ex, 500, "backup failed: " + e.getMessage());
                    }
                }
                default -> text(ex, 404, "no such admin route: " + route);
            }
        } catch (RuntimeException e) {
            LOG.error("event=admin_error error=\"{}\"", e.toString());
        }
    }

    /** Whether a peer at this address may use the routes: loopback only, whatever address the server is bound to. */
    static boolean admits(InetAddress peer) {
        return peer != null && peer.isLoopbackAddress();
    }

    private boolean authorized(String header) {
        if (token.length == 0 || header == null || !header.startsWith("Bearer ")) {
            // An emptied admin.token must lock the routes, not open them to an empty bearer value.
            return false;
        }
        return MessageDigest.isEqual(token, header.substring(7).trim().getBytes(StandardCharsets.US_ASCII));
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

    private static void text(HttpExchange ex, int status, String body) throws IOException {
        OpsHttpServer.send(ex, status, "text/plain; charset=utf-8", body.endsWith("\n") ? body : body + "\n");
    }
}
