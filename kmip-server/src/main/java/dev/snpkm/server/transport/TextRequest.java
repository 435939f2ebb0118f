package dev.snpkm.server.transport;

/**
 * A JSON or XML request body as it arrived over HTTPS, for {@link KmipConnectionHandler}: it takes its turn among the
 * connection's requests and is converted to TTLV by the worker that runs it, never on the event loop. The body is
 * the handler's from then on, and zeroed by it (a Register's key material, as text).
 */
record TextRequest(MessageEncoding encoding, byte[] body) {}
