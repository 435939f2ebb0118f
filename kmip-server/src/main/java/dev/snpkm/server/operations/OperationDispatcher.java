package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.MalformedPayload;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.cryptoservice.CertificateIssuer;
import dev.snpkm.server.operations.access.BoundMaterialGuard;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** The table from Operation to its handler. An operation without a handler is Operation Not Supported. */
public final class OperationDispatcher {
    private final Map<Operation, OperationHandler<?>> handlers = new EnumMap<>(Operation.class);
    /** Why an operation the server could offer is off in this configuration (Operation Not Supported's message). */
    private final Map<Operation, String> offReasons = new EnumMap<>(Operation.class);

    public OperationDispatcher(List<OperationHandler<?>> all) {
        for (OperationHandler<?> h : all) {
            if (handlers.put(h.operation(), h) != null) {
                throw new IllegalArgumentException("two handlers for " + h.operation());
            }
        }
    }

    /** Every operation this server implements, in one place (Query Operations lists exactly these). */
    public static OperationDispatcher standard() {
        return standard(false);
    }

    /**
     * @param interopEnabled whether the test-harness operation Interop is offered ({@link InteropHandler}): only for
     *     conformance test runs, never on an appliance
     */
    public static OperationDispatcher standard(boolean interopEnabled) {
        return standard(interopEnabled, null);
    }

    /**
     * @param certificateIssuer the issuing CA Certify signs with; null: Certify is not offered (off by default), and
     *     a Certify request is told why
     */
    public static OperationDispatcher standard(boolean interopEnabled, @Nullable CertificateIssuer certificateIssuer) {
        List<OperationHandler<?>> handlers = new ArrayList<>(List.of(
                new DiscoverVersionsHandler(),
                new CreateHandler(),
                new CreateKeyPairHandler(),
                new RegisterHandler(),
                new GetHandler(),
                new GetAttributesHandler(),
                new GetAttributeListHandler(),
                new AddAttributeHandler(),
                new ModifyAttributeHandler(),
                new DeleteAttributeHandler(),
                new SetAttributeHandler(),
                new LocateHandler(),
                new ActivateHandler(),
                new RevokeHandler(),
                new DestroyHandler(),
                new ReKeyHandler(),
                new ReKeyKeyPairHandler(),
                new CreateSplitKeyHandler(),
                new JoinSplitKeyHandler(),
                new CheckHandler(),
                new LogHandler(),
                new ObtainLeaseHandler(),
                // KMIP 2.x Baseline Server operations (Profiles 2.1 §5.1.2)
                new AdjustAttributeHandler(),
                new SetEndpointRoleHandler(),
                new ExportHandler(),
                new ImportHandler(),
                // Cryptographic services (KMIP 1.4 §4.29-4.37); each holds its own bounded table of open streams
                new EncryptHandler(),
                new DecryptHandler(),
                new SignHandler(),
                new SignatureVerifyHandler(),
                new MacHandler(),
                new MacVerifyHandler(),
                new HashHandler(),
                new RngRetrieveHandler(),
                new RngSeedHandler(),
                new DeriveKeyHandler(),
                new ArchiveHandler(),
                new RecoverHandler(),
                new GetUsageAllocationHandler(),
                new ValidateHandler()));
        if (interopEnabled) {
            handlers.add(new InteropHandler());
        }
        if (certificateIssuer != null) {
            handlers.add(new CertifyHandler(certificateIssuer));
        }
        List<Operation> offered = new ArrayList<>(
                handlers.stream().map(OperationHandler::operation).toList());
        offered.add(Operation.QUERY);
        offered.sort(null); // wire-value order, as the EnumMap lists them
        handlers.add(new QueryHandler(offered));
        OperationDispatcher d = new OperationDispatcher(handlers);
        if (certificateIssuer == null) {
            d.offReasons.put(
                    Operation.CERTIFY,
                    "Certify is off: this server has no issuing CA configured (KmipServerBuilder.certificateIssuer)");
        }
        return d;
    }

    public List<Operation> supportedOperations() {
        return Collections.unmodifiableList(new ArrayList<>(handlers.keySet()));
    }

    public Optional<OperationHandler<?>> handler(Operation op) {
        return Optional.ofNullable(handlers.get(op));
    }

    /** Runs the item's operation; failures are thrown as {@link KmipOperationException}. */
    public ResponsePayload dispatch(EnumCode<Operation> op, RequestPayload payload, OperationContext ctx) {
        if (payload instanceof MalformedPayload bad) {
            throw new KmipOperationException(bad.reason(), bad.message());
        }
        OperationHandler<?> h = op.known().map(handlers::get).orElse(null);
        if (h == null) {
            BoundMaterialGuard.refuseIfBound(op, payload, ctx);
            throw new KmipOperationException(
                    ResultReason.OPERATION_NOT_SUPPORTED,
                    op.known().map(offReasons::get).orElse("operation " + op + " is not supported by this server"));
        }
        return run(h, payload, ctx);
    }

    private static <Q extends RequestPayload> ResponsePayload run(
            OperationHandler<Q> h, RequestPayload p, OperationContext ctx) {
        if (!h.requestType().isInstance(p)) {
            throw new KmipOperationException(
                    ResultReason.INVALID_MESSAGE, "payload does not match operation " + h.operation());
        }
        return h.handle(h.requestType().cast(p), ctx);
    }
}
