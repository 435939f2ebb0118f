package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.Log;
import dev.snpkm.kmip.payload.ResponsePayload;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log (KMIP 2.1 §6.1.28, Baseline Server): records the client's Log Message in the server log at INFO, with the
 * client's identity. The text is the client's, so it is made safe for a log line first ({@link #sanitize}).
 */
public final class LogHandler implements OperationHandler<Log.Request> {
    /** Longest message text kept; the rest is cut so that one client cannot flood the log with one request. */
    static final int MAX_LOGGED_CHARS = 512;

    private static final Logger LOG = LoggerFactory.getLogger("dev.snpkm.server.client-log");

    @Override
    public Operation operation() {
        return Operation.LOG;
    }

    @Override
    public Class<Log.Request> requestType() {
        return Log.Request.class;
    }

    @Override
    public ResponsePayload handle(Log.Request request, OperationContext ctx) {
        LOG.info("event=client_log client=\"{}\" message=\"{}\"", ctx.client(), sanitize(request.message()));
        return new Log.Response();
    }

    /**
     * Control characters (newlines included, so a message cannot forge further log lines) become '?'; text beyond
     * {@link #MAX_LOGGED_CHARS} is replaced by a count of the characters dropped.
     */
    static String sanitize(String message) {
        int keep = Math.min(message.length(), MAX_LOGGED_CHARS);
        StringBuilder out = new StringBuilder(keep + 32);
        for (int i = 0; i < keep; i++) {
            char c = message.charAt(i);
            out.append(Character.isISOControl(c) || Character.getType(c) == Character.FORMAT ? '?' : c);
        }
        if (message.length() > keep) {
            out.append("...[").append(message.length() - keep).append(" more characters]");
        }
        return out.toString();
    }
}
