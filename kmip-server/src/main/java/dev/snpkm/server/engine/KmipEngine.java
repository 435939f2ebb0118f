package dev.snpkm.server.engine;

import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.message.FailureResponses;
import dev.snpkm.kmip.message.MessageMapper;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.message.ResponseHeader;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.metrics.KmipMetrics;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.transport.KmipRequestProcessor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * The KMIP request pipeline: check the protocol version, decode leniently into the typed model, run the batch (the
 * client is the identity its TLS certificate proved), and answer in the request's version with a header PyKMIP can
 * parse: Protocol Version, Time Stamp, Batch Count, plus the attestation challenge or the client's correlation values
 * only when there are some (a PyKMIP 0.10 client fails on any other header field). Header-level failures are one failed
 * batch item without Operation (KMIP 1.4 §11.1).
 */
public final class KmipEngine implements KmipRequestProcessor {
    /** Batch items one request may carry unless configured otherwise; real clients send one to a few dozen. */
    public static final int DEFAULT_MAX_BATCH_ITEMS = 256;

    private final ServerServices services;
    private final FailureResponses failures;
    private final BatchRunner runner;
    private final @Nullable KmipMetrics metrics; // null: not metered
    private final int maxBatchItems;

    /**
     * @param unitOfWork the database the store runs on, for Undo batches; null refuses Undo with Feature Not Supported
     */
    public KmipEngine(ServerServices services, OperationDispatcher dispatcher, Database unitOfWork) {
        this(services, dispatcher, unitOfWork, null);
    }

    /** @param metrics counts every answered batch item by operation and result status; null counts nothing */
    public KmipEngine(
            ServerServices services,
            OperationDispatcher dispatcher,
            Database unitOfWork,
            @Nullable KmipMetrics metrics) {
        this(services, dispatcher, unitOfWork, metrics, DEFAULT_MAX_BATCH_ITEMS);
    }

    /**
     * @param maxBatchItems a request with more batch items is refused whole (Invalid Message) before any item runs
     */
    public KmipEngine(
            ServerServices services,
            OperationDispatcher dispatcher,
            Database unitOfWork,
            @Nullable KmipMetrics metrics,
            int maxBatchItems) {
        if (maxBatchItems < 1) {
            throw new IllegalArgumentException("maxBatchItems must be at least 1, got " + maxBatchItems);
        }
        this.services = services;
        this.failures = new FailureResponses(services.clock());
        this.runner = new BatchRunner(services, dispatcher, unitOfWork);
        this.metrics = metrics;
        this.maxBatchItems = maxBatchItems;
    }

    /** A refusal for rate is audited like any: the first per client and minute at once, the rest as a count. */
    @Override
    public void rateLimited(ClientIdentity client, String limit) {
        services.accountability().refused(client, "rate-limited", null, "rate limit exceeded: " + limit);
    }

    @Override
    public Ttlv process(Ttlv.Structure request, ClientIdentity client) {
        Optional<KmipVersion> probed = FailureResponses.versionOf(request);
        if (probed.isEmpty()) {
            return failures.wholeMessage(
                    probed, ResultReason.INVALID_MESSAGE, "Request Header has no readable Protocol Version");
        }
        KmipVersion v = probed.get();
        if (!v.isSupported()) {
            return unsupportedVersion(v);
        }
        RequestMessage message;
        try {
            message = MessageMapper.requestFromTtlvLenient(request);
        } catch (KmipMappingException e) {
            return headerFailure(
                    v, e.reason(), Objects.requireNonNullElse(e.getMessage(), "the request is not a KMIP message"));
        }
        String problem = HeaderRules.problem(message, maxBatchItems);
        if (problem != null) {
            return headerFailure(v, ResultReason.INVALID_MESSAGE, problem);
        }
        String credentialProblem = CredentialRules.problem(message.header(), client);
        if (credentialProblem != null) {
            services.accountability().refused(client, "credential-refused", null, credentialProblem);
            return headerFailure(v, ResultReason.AUTHENTICATION_NOT_SUCCESSFUL, credentialProblem);
        }
        long start = System.nanoTime();
        BatchRunner.Outcome outcome = runner.run(message, client);
        if (metrics != null) {
            record(metrics, outcome.items(), Duration.ofNanos(System.nanoTime() - start));
        }
        return respond(message.header(), outcome);
    }

    /** Items of one batch run together, so each is charged the batch's time (a batch is nearly always one item). */
    private static void record(KmipMetrics metrics, List<ResponseBatchItem> items, Duration took) {
        for (ResponseBatchItem i : items) {
            metrics.request(
                    i.operation() == null ? null : i.operation().known().orElse(null),
                    i.resultStatus().known().orElse(ResultStatus.OPERATION_FAILED),
                    took);
        }
    }

    /** Payloads' secrets (a Get's released key, plain or wrapped): zeroed once mapped into the response tree. */
    private static void destroyPayloads(List<ResponseBatchItem> items) {
        for (ResponseBatchItem i : items) {
            if (i.payload() != null) {
                i.payload().destroy();
            }
        }
    }

    private Ttlv respond(RequestHeader rh, BatchRunner.Outcome outcome) {
        ResponseHeader header = header(rh.protocolVersion(), outcome.items().size());
        if (rh.clientCorrelationValue() != null || rh.serverCorrelationValue() != null) {
            header = header.withCorrelationValues(rh.clientCorrelationValue(), rh.serverCorrelationValue());
        }
        if (outcome.challenge() != null) {
            header = header.withAttestationChallenge(
                    outcome.challenge().nonce(), outcome.challenge().acceptedTypes());
        }
        Ttlv response = MessageMapper.toTtlv(new ResponseMessage(header, outcome.items()));
        destroyPayloads(outcome.items()); // the tree holds its own copy now
        Integer max = rh.maximumResponseSize();
        if (max != null && TtlvEncoder.encodedLength(response) > max) {
            // KMIP 1.4 §11.1: Maximum Response Size exceeded → Response Too Large, for every item (no payloads).
            outcome.batch().releasesAborted("the response exceeds the Maximum Response Size of " + max + " bytes");
            Ttlv.wipe(response);
            List<ResponseBatchItem> tooLarge = new ArrayList<>();
            for (ResponseBatchItem i : outcome.items()) {
                tooLarge.add(ResponseBatchItem.failure(
                        i.operation(),
                        i.uniqueBatchItemId(),
                        ResultReason.RESPONSE_TOO_LARGE,
                        "response exceeds the Maximum Response Size of " + max + " bytes"));
            }
            response = MessageMapper.toTtlv(new ResponseMessage(header, tooLarge));
        }
        return response;
    }

    /**
     * KMIP 1.4 §11.1 Table 327: a 1.x server answers a major-version mismatch with Invalid Message; 2.x defines
     * Unsupported Protocol Version (0x3F). A 1.x request of an unknown minor is answered as 1.x (Invalid Message in
     * 1.4), anything else in 2.1 with Unsupported Protocol Version.
     */
    private Ttlv unsupportedVersion(KmipVersion v) {
        String message = "protocol version " + v + " is not supported; this server speaks 1.0-1.4, 2.0 and 2.1";
        if (v.major() == 1) {
            return headerFailure(KmipVersion.V1_4, ResultReason.INVALID_MESSAGE, message);
        }
        return headerFailure(KmipVersion.V2_1, ResultReason.UNSUPPORTED_PROTOCOL_VERSION, message);
    }

    private Ttlv headerFailure(KmipVersion v, ResultReason reason, String message) {
        return failures.wholeMessage(Optional.of(v), reason, message);
    }

    private ResponseHeader header(KmipVersion v, int count) {
        return ResponseHeader.of(v, services.clock().instant().getEpochSecond(), count);
    }
}
