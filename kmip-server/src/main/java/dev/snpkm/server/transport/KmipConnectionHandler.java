package dev.snpkm.server.transport;

import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.ratelimit.KeyedRateLimiter;
import dev.snpkm.server.tls.HandshakeFailures;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.ssl.SslHandshakeCompletionEvent;
import io.netty.handler.timeout.IdleStateEvent;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLPeerUnverifiedException;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One connection's requests: authenticates the peer once the handshake completes, then runs its framed requests on
 * the worker pool and writes the answers.
 *
 * <p>Requests of one connection run one at a time, in arrival order. That is the simplest way to answer pipelined
 * requests in order (KMIP has no request id on the wire outside a batch, so clients match answers by order), and it
 * costs nothing real: KMIP clients wait for each answer, and parallelism comes from many connections. Requests that
 * arrive while one runs wait in a small per-connection queue; past its bound they are answered "busy" in their turn.
 *
 * <p>Backpressure: the connection stops being read while its queue is full (in count, or a message's worth of bytes)
 * or its unsent responses exceed the write
 * buffer's high-water mark, and the worker does not answer its next request until the client has read the earlier
 * answers down to the low-water mark; the worker is given back meanwhile. A client that pipelines requests and never
 * reads thus holds at most one queue of requests and one high-water mark of answers, and no thread.
 */
final class KmipConnectionHandler extends ChannelInboundHandlerAdapter {
    private static final Logger LOG = LoggerFactory.getLogger(KmipConnectionHandler.class);
    /** Enough of a request to read its Protocol Version ({@link ProtocolVersionProbe}) for an error answer. */
    private static final int PROBE_BYTES = 56;

    private static final long RESUBMIT_DELAY_MS = 20;

    /** How a waiting request is to be answered. */
    private enum Fate {
        RUN,
        BUSY,
        RATE_LIMITED
    }

    /**
     * A framed request waiting its turn; only a {@code RUN} keeps its whole frame. A request that could not be made
     * into a frame (an {@link UndecodableRequest}) has none, and the problem to answer instead. A JSON or XML body
     * ({@link TextRequest}) is its frame still in {@code text}'s encoding, converted to TTLV by the worker that runs it.
     */
    private record Pending(
            byte[] frame,
            Fate fate,
            @Nullable String problem,
            @Nullable MessageEncoding text) {
        static Pending of(byte[] frame, Fate fate, @Nullable String problem, @Nullable MessageEncoding text) {
            if (fate == Fate.RUN) {
                return new Pending(frame, fate, problem, text);
            }
            // A refusal's answer probes the frame for the client's protocol version.
            byte[] probe = text != null
                    ? TextVersionProbe.frame(frame)
                    : Arrays.copyOf(frame, Math.min(frame.length, PROBE_BYTES));
            Arrays.fill(frame, (byte) 0);
            return new Pending(probe, fate, problem, text);
        }
    }

    private final KmipRequestProcessor processor;
    /** Rate-limit refusals answered on the event loop and not yet audited; one task at a time reports them. */
    private final AtomicInteger rateRefusalsToAudit = new AtomicInteger();

    private final RequestWorkers workers;
    private final ErrorResponses errors;
    private final TtlvDecoder decoder;
    private final TransportCounters counters;
    private final int maxPipelined;
    private final KeyedRateLimiter requestRate;
    private final RequestMemory memory;
    private final int maxQueuedBytes;

    private final Object lock = new Object();
    private final Deque<Pending> waiting = new ArrayDeque<>();
    private boolean running;
    private boolean parked; // running, but waiting for the client to read its earlier answers
    private boolean reading = true;
    private int queuedBytes; // of the RUN requests waiting; reserved in memory
    private @Nullable volatile ClientIdentity client;
    private final Channel channel;

    KmipConnectionHandler(
            Channel channel,
            KmipRequestProcessor processor,
            RequestWorkers workers,
            ErrorResponses errors,
            TtlvDecoder decoder,
            TransportCounters counters,
            int maxPipelined,
            KeyedRateLimiter requestRate,
            RequestMemory memory,
            int maxQueuedBytes) {
        this.channel = channel;
        this.processor = processor;
        this.workers = workers;
        this.errors = errors;
        this.decoder = decoder;
        this.counters = counters;
        this.maxPipelined = maxPipelined;
        this.requestRate = requestRate;
        this.memory = memory;
        this.maxQueuedBytes = maxQueuedBytes;
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
        if (evt instanceof SslHandshakeCompletionEvent done) {
            ConnectionAdmission.handshakeDone(ctx.channel());
            onHandshake(ctx, done);
        } else if (evt instanceof IdleStateEvent) {
            onIdle(ctx);
        }
        super.userEventTriggered(ctx, evt);
    }

    private void onHandshake(ChannelHandlerContext ctx, SslHandshakeCompletionEvent done) {
        if (!done.isSuccess()) {
            counters.handshakeFailures.increment();
            LOG.info(
                    "event=tls_handshake_failed remote={} error=\"{}\"",
                    ctx.channel().remoteAddress(),
                    HandshakeFailures.reason(done.cause()));
            ctx.close();
            return;
        }
        try {
            Certificate[] peer =
                    ctx.pipeline().get(SslHandler.class).engine().getSession().getPeerCertificates();
            client = ClientIdentity.of(
                    Arrays.stream(peer).map(X509Certificate.class::cast).toList());
            LOG.debug(
                    "event=client_connected client=\"{}\" remote={}",
                    client,
                    ctx.channel().remoteAddress());
        } catch (SSLPeerUnverifiedException | RuntimeException e) {
            LOG.warn(
                    "event=connection_refused remote={} reason=\"no verified client certificate\"",
                    ctx.channel().remoteAddress());
            ctx.close();
        }
    }

    private void onIdle(ChannelHandlerContext ctx) {
        synchronized (lock) {
            if (running) {
                return; // a slow request is not an idle connection
            }
        }
        counters.idleClosures.increment();
        LOG.debug("event=idle_connection_closed remote={}", ctx.channel().remoteAddress());
        ctx.close();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        String problem = msg instanceof UndecodableRequest u ? u.problem() : null;
        MessageEncoding text = msg instanceof TextRequest t ? t.encoding() : null;
        byte[] frame = problem != null ? new byte[0] : msg instanceof TextRequest t ? t.body() : (byte[]) msg;
        if (client == null) {
            ctx.close(); // cannot happen after a required-client-auth handshake; refuse rather than guess
            return;
        }
        Fate fate = Fate.RUN;
        if (!requestRate.tryAcquire(client.sha256Fingerprint())) {
            counters.rateLimited.increment();
            fate = Fate.RATE_LIMITED;
        }
        synchronized (lock) {
            if (running) {
                waiting.add(Pending.of(frame, queuedFate(fate, frame.length), problem, text));
                updateReading();
                return;
            }
            running = true;
        }
        Pending first = Pending.of(frame, fate, problem, text);
        if (fate == Fate.RUN && !workers.trySubmit(() -> drain(first))) {
            counters.busyResponses.increment();
            byte[] probe = text != null ? TextVersionProbe.frame(frame) : frame;
            Ttlv busy = workers.isShutdown() ? errors.shuttingDown(probe) : errors.serverBusy(probe);
            Arrays.fill(frame, (byte) 0);
            answerNow(ctx, busy);
        } else if (fate != Fate.RUN) {
            answerNow(ctx, rateLimited(first.frame()));
            // Audited off the event loop (the record may be written) by one task per connection at a time, which
            // reports every refusal since the last, so that a flood does not fill the workers' queue. With no worker
            // free they are only counted.
            if (rateRefusalsToAudit.getAndIncrement() == 0) {
                ClientIdentity limited = identified();
                if (!workers.trySubmit(() -> auditRateRefusals(limited))) {
                    rateRefusalsToAudit.set(0);
                }
            }
        }
    }

    /** What becomes of a request that must wait: it runs in its turn if the queue and the memory budget have room. */
    private Fate queuedFate(Fate fate, int bytes) {
        if (waiting.size() >= maxPipelined || (fate == Fate.RUN && !memory.tryReserve(bytes))) {
            counters.busyResponses.increment(); // counted now; answered in its turn
            return Fate.BUSY;
        }
        if (fate == Fate.RUN) {
            queuedBytes += bytes;
        }
        return fate;
    }

    /** The next waiting request, its memory released. Under lock. */
    private Pending takeNext() {
        Pending next = waiting.poll();
        if (next != null && next.fate() == Fate.RUN) {
            queuedBytes -= next.frame().length;
            memory.release(next.frame().length);
        }
        return next;
    }

    /** Answers on the event loop: nothing of this connection is in flight, so answering now keeps the order. */
    private void answerNow(ChannelHandlerContext ctx, Ttlv answer) {
        synchronized (lock) {
            running = false;
        }
        ctx.writeAndFlush(Unpooled.wrappedBuffer(TtlvEncoder.encode(answer)));
    }

    /** Runs on a worker: answers the request, then any that queued behind it, in order, while the client reads. */
    private void drain(Pending first) {
        Pending next = first;
        while (next != null) {
            if (channel.isActive()) {
                byte[] answer = answer(next);
                if (next.text() != null) {
                    // Rendered here too, off the event loop; the HTTP bridge zeroes the text once it is written.
                    channel.writeAndFlush(TextResponse.render(next.text(), answer, decoder));
                } else {
                    // Zeroed once written: by then the TLS layer has encrypted it (the promise completes after that).
                    channel.writeAndFlush(Unpooled.wrappedBuffer(answer))
                            .addListener(written -> Arrays.fill(answer, (byte) 0));
                }
            }
            synchronized (lock) {
                if (channel.isActive() && !channel.isWritable() && !waiting.isEmpty()) {
                    parked = true; // channelWritabilityChanged resumes us; the worker goes back to the pool
                    updateReading();
                    return;
                }
                next = takeNext();
                if (next == null) {
                    running = false;
                }
                updateReading();
            }
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
        Pending next = null;
        synchronized (lock) {
            updateReading();
            if (parked && channel.isWritable()) {
                parked = false;
                next = takeNext();
                if (next == null) {
                    running = false;
                }
            }
        }
        if (next != null) {
            resume(ctx, next);
        }
        super.channelWritabilityChanged(ctx);
    }

    /** Hands the connection's next request back to a worker; if none is free now, tries again shortly. */
    private void resume(ChannelHandlerContext ctx, Pending next) {
        if (!workers.trySubmit(() -> drain(next))) {
            if (workers.isShutdown()) {
                ctx.close(); // the server is closing every connection anyway
                return;
            }
            ctx.executor().schedule(() -> resume(ctx, next), RESUBMIT_DELAY_MS, TimeUnit.MILLISECONDS);
        }
    }

    /** Reads the connection only while its queue has room and its unsent answers are under the bound. Under lock. */
    private void updateReading() {
        boolean read = waiting.size() < maxPipelined && queuedBytes < maxQueuedBytes && channel.isWritable() && !parked;
        if (read != reading) {
            reading = read;
            if (!read) {
                counters.readPauses.increment();
            }
            channel.config().setAutoRead(read);
        }
    }

    private Ttlv rateLimited(byte[] frame) {
        return errors.rateLimited(frame, requestRateText());
    }

    private void auditRateRefusals(ClientIdentity limited) {
        for (int n = rateRefusalsToAudit.getAndSet(0); n > 0; n--) {
            recordRateLimited(limited);
        }
    }

    private void recordRateLimited(ClientIdentity limited) {
        try {
            processor.rateLimited(limited, requestRateText());
        } catch (RuntimeException e) {
            LOG.warn("event=rate_limit_audit_failed client=\"{}\" error=\"{}\"", limited, e.getMessage());
        }
    }

    private String requestRateText() {
        return String.format(
                "%.0f requests/s per client certificate", requestRate.rate().perSecond());
    }

    private byte[] answer(Pending request) {
        byte[] frame = request.frame();
        try {
            if (request.fate() == Fate.BUSY) {
                return TtlvEncoder.encode(errors.serverBusy(frame));
            }
            if (request.fate() == Fate.RATE_LIMITED) {
                recordRateLimited(identified());
                return TtlvEncoder.encode(rateLimited(frame));
            }
            if (request.problem() != null) {
                return invalidMessage(frame, request.problem());
            }
            if (request.text() != null) {
                // Here on a worker, not on the event loop: parsing a megabyte of JSON or XML takes tens of
                // milliseconds, during which an event loop would serve none of its other connections.
                byte[] body = frame;
                try {
                    frame = request.text().requestToTtlv(body);
                } catch (KmipTextException e) {
                    return invalidMessage(
                            TextVersionProbe.frame(body),
                            "the " + request.text().mediaType() + " body is no KMIP message: " + e.getMessage());
                } finally {
                    Arrays.fill(body, (byte) 0); // a Register's key material, as text
                }
            }
            Ttlv decoded;
            try {
                decoded = decoder.decode(frame);
            } catch (TtlvException e) {
                return invalidMessage(frame, e.getMessage());
            }
            try {
                Ttlv response = processor.process((Ttlv.Structure) decoded, identified());
                counters.requestsProcessed.increment();
                try {
                    return TtlvEncoder.encode(response);
                } finally {
                    Ttlv.wipe(response); // a Get's key material; encoded now, and the tree is not kept
                }
            } catch (RuntimeException e) {
                LOG.error("event=request_processor_failed client=\"{}\"", client, e);
                return TtlvEncoder.encode(errors.internalError(frame));
            } finally {
                Ttlv.wipe(decoded); // a Register's key material, after the response that may echo request items
            }
        } finally {
            Arrays.fill(frame, (byte) 0); // requests may carry key material (Register)
        }
    }

    private byte[] invalidMessage(byte[] frame, String problem) {
        counters.invalidMessages.increment();
        LOG.info("event=invalid_message client=\"{}\" error=\"{}\"", client, problem);
        return TtlvEncoder.encode(errors.invalidMessage(frame, problem));
    }

    /** The connection's client: channelRead takes no request before the handshake named it. */
    private ClientIdentity identified() {
        ClientIdentity who = client;
        if (who == null) {
            throw new IllegalStateException("a request ran before the client was identified");
        }
        return who;
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) throws Exception {
        synchronized (lock) {
            for (Pending p; (p = takeNext()) != null; ) {
                Arrays.fill(p.frame(), (byte) 0);
            }
        }
        super.channelInactive(ctx);
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        // TLS alerts and resets from misbehaving clients land here; they are the client's problem, not ours.
        LOG.debug(
                "event=connection_closed remote={} error=\"{}\"", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
