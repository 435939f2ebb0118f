package dev.snpkm.server.transport;

import io.netty.handler.codec.http.HttpResponseStatus;

/** An HTTP request refused before it reached KMIP: the status and a one-line reason for the body. */
record HttpRefusal(HttpResponseStatus status, String reason) {}
