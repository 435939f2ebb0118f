/**
 * The typed KMIP messages (KMIP 2.1 §8-9, 1.4 §6-7) and {@link dev.snpkm.kmip.message.MessageMapper}, the entry point
 * between the generic {@link dev.snpkm.kmip.ttlv.Ttlv} tree and this model.
 *
 * <p>A server handler, in outline:
 * <pre>{@code
 * RequestMessage req = MessageMapper.requestFromTtlvLenient(new TtlvDecoder().decode(frame));
 * for (RequestBatchItem item : req.batchItems()) {
 *     if (item.payload() instanceof MalformedPayload bad) {        // answer that item only
 *         out.add(ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(), bad.reason(), bad.message()));
 *     } else if (item.payload() instanceof Get.Request get) {
 *         // get.uniqueIdentifier() == null: use the batch's ID Placeholder
 *         out.add(ResponseBatchItem.success(item.operation(), item.uniqueBatchItemId(), Get.Response.of(uid, key)));
 *     } else {                                                       // RawPayload: no typed mapping
 *         out.add(ResponseBatchItem.failure(item.operation(), item.uniqueBatchItemId(),
 *                 ResultReason.OPERATION_NOT_SUPPORTED, "..."));
 *     }
 * }
 * byte[] wire = TtlvEncoder.encode(MessageMapper.toTtlv(new ResponseMessage(
 *         ResponseHeader.of(req.header().protocolVersion(), now, out.size()), out)));
 * }</pre>
 * The response is written in the request's protocol version, which picks the 1.x or 2.x attribute forms.
 */
package dev.snpkm.kmip.message;
