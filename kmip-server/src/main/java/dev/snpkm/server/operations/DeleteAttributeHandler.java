package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeInstances;
import dev.snpkm.server.operations.attributes.AttributeRules;
import java.util.List;

/**
 * Delete Attribute (KMIP 1.4 §4.16, 2.1 §6.1.14): removes one instance, chosen by 1.x Attribute Name + Index (default
 * 0), 2.x Current Attribute, or 2.x Attribute Reference (the first instance). Read-only attributes and, for
 * non-administrators, the attestation binding cannot be deleted.
 */
public final class DeleteAttributeHandler implements OperationHandler<DeleteAttribute.Request> {
    @Override
    public Operation operation() {
        return Operation.DELETE_ATTRIBUTE;
    }

    @Override
    public Class<DeleteAttribute.Request> requestType() {
        return DeleteAttribute.Request.class;
    }

    @Override
    public ResponsePayload handle(DeleteAttribute.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        String name =
                request.currentAttribute() != null ? request.currentAttribute().name() : request.attributeName();
        if (name == null) {
            throw new KmipOperationException(
                    ResultReason.MISSING_DATA,
                    "Delete Attribute needs an Attribute Name, Current Attribute or Attribute Reference");
        }
        AttributeRules.checkChange(name, o, ctx);
        List<Attribute> instances = o.attributes().all(name);
        int index = request.currentAttribute() != null
                ? AttributeInstances.indexOf(o.attributes(), request.currentAttribute())
                : request.attributeIndex() == null ? 0 : request.attributeIndex();
        if (index < 0 || index >= instances.size()) {
            throw ResultReasons.attributeNotFound(
                    ctx.version(), "object " + o.uid() + " has no such instance of attribute '" + name + "'");
        }
        Attribute removed = instances.get(index);
        ObjectAccess.saveAttributes(o, AttributeInstances.replaceInstance(o.attributes(), name, index, null), ctx);
        return new DeleteAttribute.Response(o.uid(), new Attribute(name, index, removed.value()));
    }
}
