package dev.snpkm.server.transport;

/**
 * A request that arrived whole but is no KMIP message (a JSON or XML body that does not parse into one): it takes its
 * turn among the connection's requests like any other and is answered Invalid Message, naming {@code problem}.
 */
record UndecodableRequest(String problem) {}
