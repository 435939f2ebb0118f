package dev.snpkm.server.transport;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.auth.ClientIdentity;

/**
 * The seam between the transport and the KMIP engine: one decoded Request Message in, one Response Message out.
 *
 * <p>The transport has already framed the bytes, decoded them into a TTLV tree (a message that fails to decode is
 * answered with Invalid Message without reaching the processor) and authenticated the client by its TLS certificate.
 * Called on a worker thread, never on an event loop, so it may block on the database. Requests of one connection
 * reach it one at a time, in arrival order.
 */
@FunctionalInterface
public interface KmipRequestProcessor {

    /**
     * Answers one request. A KMIP-level failure (unknown operation, missing field, permission) must be returned as a
     * Response Message carrying the failure; an exception is answered with General Failure and logged as a bug.
     *
     * @param request a decoded TTLV message whose top-level item is a Structure (normally a Request Message)
     * @param client the identity proven by the connection's client certificate
     * @return the Response Message to send
     */
    Ttlv process(Ttlv.Structure request, ClientIdentity client);

    /**
     * A request of this client was refused for its rate before it reached {@link #process} (the transport answers
     * it): recorded by whoever audits refusals. Called on a worker thread.
     *
     * @param limit the limit it exceeded, for the record
     */
    default void rateLimited(ClientIdentity client, String limit) {}
}
