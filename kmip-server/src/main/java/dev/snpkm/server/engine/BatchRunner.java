package dev.snpkm.server.engine;

import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.operations.AttestationChallenge;
import dev.snpkm.server.operations.BatchState;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.store.Database;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request's batch items in order (kmip-spec.md §8) with one ID Placeholder, honouring the Batch Error
 * Continuation Option: Stop (default) ends the batch at the first failure; Continue runs every item; Undo runs the
 * batch in one database transaction and, at the first failure, rolls back the store changes of the earlier items,
 * whose results become Operation Undone.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /** The items' results and the attestation challenge to put in the header, if an item raised one. */
    record Outcome(List<ResponseBatchItem> items, AttestationChallenge challenge) {
    }

    private final ServerServices services;
    private final OperationDispatcher dispatcher;
    private final Database unitOfWork;

    BatchRunner(ServerServices services, OperationDispatcher dispatcher, Database unitOfWork) {
        this.services = services;
        this.dispatcher = dispatcher;
        this.unitOfWork = unitOfWork;
    }

    Outcome run(RequestMessage request, ClientIdentity client) {
        EnumCode<BatchErrorContinuationOption> option = request.header().batchErrorContinuationOption();
        boolean undo = option != null && option.is(BatchErrorContinuationOption.UNDO);
        boolean keepGoing = option != null && option.is(BatchErrorContinuationOption.CONTINUE);
        if (undo && request.batchItems().size() > 1) {
            if (unitOfWork == null) {
                return refuseAll(request, "Batch Error Continuation Option Undo needs a transactional store");
            }
            return unitOfWork.unitOfWork("run an Undo batch", () -> runItems(request, client, false, true));
        }
        return runItems(request, client, keepGoing, false);
    }

    private Outcome runItems(RequestMessage request, ClientIdentity client, boolean keepGoing, boolean undo) {
        BatchState batch = new BatchState();
        OperationContext ctx = new OperationContext(services, client, request.header(), batch);
        List<ResponseBatchItem> out = new ArrayList<>();
        AttestationChallenge challenge = null;
        for (RequestBatchItem item : request.batchItems()) {
            ResponseBatchItem result;
            try {
                ResponsePayload payload = dispatcher.dispatch(item.operation(), item.payload(),
                        ctx.forOperation(item.operation()));
                result = ResponseBatchItem.success(item.operation(), item.uniqueBatchItemId(), payload);
            } catch (AttestationChallenge c) {
                challenge = c;
                result = ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(),
                        ResultReason.ATTESTATION_REQUIRED, c.getMessage());
            } catch (KmipOperationException e) {
                result = ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(), e.reason(),
                        e.getMessage());
            } catch (RuntimeException e) {
                LOG.error("operation {} failed unexpectedly for {}", item.operation(), client, e);
                result = ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(),
                        ResultReason.GENERAL_FAILURE, "internal server error while running " + item.operation());
            }
            out.add(result);
            if (!result.isSuccess() && undo) {
                throw new Database.RollbackWith(new Outcome(undone(out), challenge));
            }
            if (!result.isSuccess() && !keepGoing) {
                break;
            }
        }
        return new Outcome(out, challenge);
    }

    /**
     * Every successful item before the failure becomes Operation Undone (its changes were rolled back). The item keeps
     * its response payload, so the client still learns which object each undone item addressed (as the OASIS
     * Baseline reference does, BL-M-2-21).
     */
    private static List<ResponseBatchItem> undone(List<ResponseBatchItem> items) {
        List<ResponseBatchItem> out = new ArrayList<>();
        for (ResponseBatchItem i : items) {
            out.add(i.isSuccess() ? new ResponseBatchItem(i.operation(), i.uniqueBatchItemId(),
                    EnumCode.of(ResultStatus.OPERATION_UNDONE), null, "rolled back: a later batch item failed", null,
                    i.payload(), List.of()) : i);
        }
        return out;
    }

    private static Outcome refuseAll(RequestMessage request, String message) {
        List<ResponseBatchItem> out = new ArrayList<>();
        for (RequestBatchItem item : request.batchItems()) {
            out.add(ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(),
                    ResultReason.FEATURE_NOT_SUPPORTED, message));
        }
        return new Outcome(out, null);
    }
}
