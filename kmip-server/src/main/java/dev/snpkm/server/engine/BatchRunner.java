package dev.snpkm.server.engine;

import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.MessageExtension;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestMessage;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.operations.BatchState;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import dev.snpkm.server.operations.OperationDispatcher;
import dev.snpkm.server.operations.ServerServices;
import dev.snpkm.server.release.ReleaseDecision;
import dev.snpkm.server.store.Database;
import dev.snpkm.server.store.StoreFullException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs a request's batch items in order (KMIP 1.4 §4 and 2.1 §6.1 introductions) with one ID Placeholder, honouring the
 * Batch Error Continuation Option: Stop (default) ends the batch at the first failure; Continue runs every item; Undo,
 * at the first failure, rolls back the store changes of the earlier items, whose results become Operation Undone. Every
 * batch runs in one database transaction (one durable commit per request); a failed item's own store changes are rolled
 * back; the records of its actions commit in the same transaction. The attestation gate's nonces and audit records
 * commit on their own, so a batch's rollback never loses them.
 */
final class BatchRunner {
    private static final Logger LOG = LoggerFactory.getLogger(BatchRunner.class);

    /**
     * The items' results, the attestation challenge to put in the header if an item answered with one (else null), and
     * the batch's state (to record its approved releases as aborted if the response cannot be sent).
     */
    record Outcome(
            List<ResponseBatchItem> items, ReleaseDecision.@Nullable ChallengeRequired challenge, BatchState batch) {
        Outcome(List<ResponseBatchItem> items, BatchState batch) {
            this(items, batch.challenge().orElse(null), batch);
        }
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
        boolean undo = option != null
                && option.is(BatchErrorContinuationOption.UNDO)
                && request.batchItems().size() > 1;
        boolean keepGoing = option != null && option.is(BatchErrorContinuationOption.CONTINUE);
        BatchState batch = new BatchState();
        if (unitOfWork == null) {
            return undo
                    ? refuseAll(request, batch, "Batch Error Continuation Option Undo needs a transactional store")
                    : runItems(request, client, batch, keepGoing, false);
        }
        // The whole batch is one transaction, committed before the response leaves: one durable commit per request
        // instead of one per store write. A failed item's own writes are rolled back to its savepoint.
        try {
            Outcome outcome = unitOfWork.unitOfWork("run a batch", () -> {
                Outcome done = runItems(request, client, batch, keepGoing, undo);
                // Its actions' records are the batch's last writes and commit with its changes: one durable commit
                // for both. Not refused on a nearly full disk: the changes were admitted, and a batch that only read
                // (an administrator's Get) must still be audited.
                unitOfWork.completing(() -> services.accountability().actions(batch.committedActions()));
                return done;
            });
            if (batch.undone()) {
                // Undone items carry no key (undone() withholds it), while the gate's own decision record says
                // "released": each approved release is recorded, durably, as one that never left.
                batch.releasesAborted("a later item of its batch failed and the batch was undone");
            }
            return outcome;
        } catch (RuntimeException e) {
            // The commit failed (or the store did): the client gets an error, not the keys released in this batch.
            batch.releasesAborted("the request's store transaction failed");
            throw e;
        }
    }

    private Outcome runItems(
            RequestMessage request, ClientIdentity client, BatchState batch, boolean keepGoing, boolean undo) {
        OperationContext ctx = new OperationContext(services, client, request.header(), batch);
        List<ResponseBatchItem> out = new ArrayList<>();
        for (RequestBatchItem item : request.batchItems()) {
            ItemResult r = unitOfWork == null || undo
                    ? runItem(item, ctx, client)
                    : unitOfWork.step("run batch item", () -> runItem(item, ctx, client), ItemResult::succeeded);
            out.add(r.item());
            batch.itemEnded(r.succeeded());
            if (!r.succeeded() && undo) {
                batch.actionsUndone();
                throw new Database.RollbackWith(new Outcome(undone(out), batch));
            }
            if (!r.succeeded() && !keepGoing) {
                break;
            }
        }
        return new Outcome(out, batch);
    }

    /** One item's result. */
    private record ItemResult(ResponseBatchItem item) {
        boolean succeeded() {
            return item.isSuccess();
        }
    }

    /** Runs one item; any failure becomes a failed result. */
    private ItemResult runItem(RequestBatchItem item, OperationContext ctx, ClientIdentity client) {
        for (MessageExtension x : item.messageExtensions()) {
            if (x.critical()) {
                // KMIP 1.4 §6.16 / 2.1 §9.13: a critical extension the server does not understand fails the item.
                // This server understands none.
                return new ItemResult(ResponseBatchItem.failure(
                        item.operation(),
                        item.uniqueBatchItemId(),
                        ResultReason.FEATURE_NOT_SUPPORTED,
                        "Message Extension of vendor '" + x.vendorIdentification()
                                + "' is marked critical and is not supported"));
            }
        }
        try {
            ResponsePayload payload =
                    dispatcher.dispatch(item.operation(), item.payload(), ctx.forOperation(item.operation()));
            return new ItemResult(ResponseBatchItem.success(item.operation(), item.uniqueBatchItemId(), payload));
        } catch (KmipOperationException e) {
            return new ItemResult(
                    ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(), e.reason(), e.getMessage()));
        } catch (StoreFullException e) {
            // Refused before it changed anything; the message says so and when writes resume.
            return new ItemResult(ResponseBatchItem.failure(
                    item.operation(), item.uniqueBatchItemId(), ResultReason.GENERAL_FAILURE, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("event=operation_failed operation={} client=\"{}\"", item.operation(), client, e);
            return new ItemResult(ResponseBatchItem.failure(
                    item.operation(),
                    item.uniqueBatchItemId(),
                    ResultReason.GENERAL_FAILURE,
                    "internal server error while running " + item.operation()));
        }
    }

    /**
     * Every successful item before the failure becomes Operation Undone (its changes were rolled back). The item keeps
     * its response payload, so the client still learns which object each undone item addressed (as the OASIS
     * Baseline reference does, BL-M-2-21), except two kinds of payload, withheld: key material (Get, Export), and the
     * output of a cryptographic service run with a managed key ({@link #KEYED_OUTPUT}). An undone batch did not
     * happen, and what such an item leaves behind was rolled back with it (a served key's Fresh change and
     * administrator's Get record; the Usage Limits a protecting use spent), so its output must not leave either:
     * else a key's Usage Limits could be spent again and again by batches that are undone. A stream's undone first
     * part loses its Correlation Value too, so the stream it opened (its use given back) cannot go on.
     */
    private static List<ResponseBatchItem> undone(List<ResponseBatchItem> items) {
        List<ResponseBatchItem> out = new ArrayList<>();
        for (ResponseBatchItem i : items) {
            if (!i.isSuccess()) {
                out.add(i);
                continue;
            }
            ResponsePayload payload = i.payload();
            boolean withheld = false;
            if (payload != null && (payload.holdsKeyMaterial() || isKeyedOutput(i))) {
                payload.destroy();
                withheld = true;
            }
            out.add(new ResponseBatchItem(
                    i.operation(),
                    i.uniqueBatchItemId(),
                    EnumCode.of(ResultStatus.OPERATION_UNDONE),
                    null,
                    withheld
                            ? "rolled back: a later batch item failed; "
                                    + (isKeyedOutput(i) ? "its output" : "the key material") + " is withheld"
                            : "rolled back: a later batch item failed",
                    null,
                    withheld ? null : payload,
                    List.of()));
        }
        return out;
    }

    /**
     * The services whose output is a managed key's work: all of them, not only the protecting ones that spend Usage
     * Limits (Encrypt, Sign, MAC), so one rule covers what a service may spend or record later. RNG Retrieve and Hash
     * use no managed key and leave nothing to roll back: they keep their output, as the items that name objects do.
     */
    private static final Set<Operation> KEYED_OUTPUT = EnumSet.of(
            Operation.ENCRYPT,
            Operation.DECRYPT,
            Operation.SIGN,
            Operation.SIGNATURE_VERIFY,
            Operation.MAC,
            Operation.MAC_VERIFY);

    private static boolean isKeyedOutput(ResponseBatchItem i) {
        EnumCode<Operation> op = i.operation();
        return op != null && op.known().map(KEYED_OUTPUT::contains).orElse(false);
    }

    private static Outcome refuseAll(RequestMessage request, BatchState batch, String message) {
        List<ResponseBatchItem> out = new ArrayList<>();
        for (RequestBatchItem item : request.batchItems()) {
            out.add(ResponseBatchItem.failure(
                    item.operation(), item.uniqueBatchItemId(), ResultReason.FEATURE_NOT_SUPPORTED, message));
        }
        return new Outcome(out, batch);
    }
}
