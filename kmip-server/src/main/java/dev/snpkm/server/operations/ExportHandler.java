package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Export;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.MaterialRelease.Wrapping;
import dev.snpkm.server.operations.access.ActionRecords;
import dev.snpkm.server.operations.access.BoundRefusal;
import dev.snpkm.server.operations.attributes.AttributeView;
import dev.snpkm.server.operations.attributes.InitialAttributes;
import dev.snpkm.server.operations.attributes.UnnamedGetAttributes;
import java.util.Arrays;

/**
 * Export (KMIP 1.4 §4 "Export", 2.1 §6.1 "Export"): the object, with Get's semantics for its Key Format Type and Key
 * Wrapping Specification ({@link MaterialRelease}: Sensitive leaves only wrapped, non-Extractable never, a VM or
 * grantee never receives unbound material), together with all its attributes. Every Export of secret material is
 * audited. An attestation-bound object never leaves this way, whoever asks: its material is released only by the
 * attested Get (docs/ARCHITECTURE.md "No bypass"), so Export of it is Permission Denied, audited through the gate's
 * refusal log like the services' refusals.
 */
public final class ExportHandler implements OperationHandler<Export.Request> {
    @Override
    public Operation operation() {
        return Operation.EXPORT;
    }

    @Override
    public Class<Export.Request> requestType() {
        return Export.Request.class;
    }

    @Override
    public ResponsePayload handle(Export.Request request, OperationContext ctx) {
        Get.Request asked = request.get();
        MaterialRelease.Read read = MaterialRelease.read(asked.uniqueIdentifier(), ctx);
        KmipObject o = read.object();
        if (o.isBound()) {
            throw BoundRefusal.refuse(
                    o,
                    Operation.EXPORT,
                    "object " + o.uid() + " is bound to attestation policy '"
                            + o.attestationPolicy().orElse("")
                            + "'; its material is released only by an attested Get, never exported",
                    ctx);
        }
        Wrapping wrapping = MaterialRelease.check(
                o, asked.keyCompressionType(), asked.keyWrappingSpecification(), Operation.EXPORT, ctx);
        try {
            ManagedObject plain = MaterialRelease.plain(read, asked.keyFormatType());
            ManagedObject object;
            if (wrapping == null) {
                object = plain;
            } else {
                try {
                    object = MaterialRelease.wrapped(plain, wrapping);
                } finally {
                    plain.destroy();
                }
            }
            MaterialRelease.markServed(o, ctx);
            ActionRecords.materialServed(o, ctx);
            // the attributes as they stand after this Export (no longer Fresh)
            Attributes after = InitialAttributes.served(o.attributes()).orElse(o.attributes());
            Attributes listed = UnnamedGetAttributes.of(
                    AttributeView.of(new KmipObject(o.row(), after, o.state()), ctx.version()), ctx.version());
            return new Export.Response(EnumCode.of(o.objectType()), o.uid(), listed, object);
        } finally {
            if (wrapping != null) {
                Arrays.fill(wrapping.material(), (byte) 0);
            }
        }
    }
}
