package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.BatchErrorContinuationOption;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.ResponseMessage;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.RequestPayload;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Several operations in one request message (KMIP 1.4 §7.2). A {@code null} identifier means "the ID Placeholder":
 * the object the previous Create, Register, Locate... of this batch returned (KMIP 1.4 §4 intro). Header extras
 * (attestation, credentials) are set here and are otherwise absent. Not thread-safe; build, then {@link #execute()}.
 */
public final class KmipBatch {
    private final RequestExecutor executor;
    private final List<RequestBatchItem> items = new ArrayList<>();
    private final List<Credential> credentials = new ArrayList<>();
    private @Nullable Boolean attestationCapable;
    private @Nullable BatchErrorContinuationOption onError;

    KmipBatch(RequestExecutor executor) {
        this.executor = executor;
    }

    public KmipBatch add(Operation operation, RequestPayload payload) {
        items.add(RequestBatchItem.of(operation, payload));
        return this;
    }

    public KmipBatch create(ObjectType type, Attributes attributes) {
        return add(Operation.CREATE, Create.Request.of(type, attributes));
    }

    public KmipBatch register(ManagedObject object, Attributes attributes) {
        return add(Operation.REGISTER, Register.Request.of(object, attributes));
    }

    public KmipBatch locate(Attributes attributes, @Nullable Integer maxItems) {
        return add(Operation.LOCATE, new Locate.Request(maxItems, null, null, null, attributes));
    }

    public KmipBatch activate(@Nullable String uid) {
        return add(Operation.ACTIVATE, new Activate.Request(uidOrPlaceholder(uid)));
    }

    public KmipBatch get(@Nullable String uid, @Nullable KeyWrappingSpecification wrapping) {
        return add(Operation.GET, new Get.Request(uidOrPlaceholder(uid), null, null, null, wrapping));
    }

    public KmipBatch revoke(@Nullable String uid, RevocationReason reason) {
        return add(Operation.REVOKE, new Revoke.Request(uidOrPlaceholder(uid), reason, null));
    }

    public KmipBatch destroy(@Nullable String uid) {
        return add(Operation.DESTROY, new Destroy.Request(uidOrPlaceholder(uid)));
    }

    /** Attestation Capable Indicator in the header (KMIP 1.4 §6.17). */
    public KmipBatch attestationCapable(boolean capable) {
        attestationCapable = capable;
        return this;
    }

    /** A credential for the header's Authentication; all credentials must be satisfied. */
    public KmipBatch credential(Credential credential) {
        credentials.add(credential);
        return this;
    }

    /** Batch Error Continuation Option (1.x); absent means the server's default (Stop). */
    public KmipBatch onError(BatchErrorContinuationOption option) {
        onError = option;
        return this;
    }

    /** Sends the batch in the client's protocol version; failed items are in the result, not thrown. */
    public BatchResult execute() throws KmipOperationException, KmipTransportException {
        if (items.isEmpty()) {
            throw new IllegalStateException("an empty batch cannot be sent; add an operation");
        }
        ResponseMessage r = executor.exchange(
                executor.version(),
                h -> {
                    if (attestationCapable != null) {
                        h.attestationCapable(attestationCapable);
                    }
                    credentials.forEach(h::credential);
                    if (onError != null) {
                        h.batchErrorContinuationOption(onError);
                    }
                    return h;
                },
                items);
        return new BatchResult(r.header(), r.batchItems());
    }

    /** A null uid leaves the field out, which every version reads as the ID Placeholder. */
    private static @Nullable UniqueIdentifier uidOrPlaceholder(@Nullable String uid) {
        return uid == null ? null : UniqueIdentifier.of(uid);
    }
}
