package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeInstances;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.UniqueNames;

/**
 * Add Attribute (KMIP 1.4 §4.14, 2.1 §6.1.2): a new instance; a single-instance attribute that is already present is
 * refused (2.x Attribute Single Valued, 1.x Invalid Field), and so is a Name already in use ({@link UniqueNames}).
 * Server-set attributes and, for non-administrators, the attestation binding are refused. Custom attributes are stored
 * verbatim.
 */
public final class AddAttributeHandler implements OperationHandler<AddAttribute.Request> {
    @Override
    public Operation operation() {
        return Operation.ADD_ATTRIBUTE;
    }

    @Override
    public Class<AddAttribute.Request> requestType() {
        return AddAttribute.Request.class;
    }

    @Override
    public ResponsePayload handle(AddAttribute.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        Attribute a = request.attribute();
        AttributeRules.checkChange(a.name(), o, ctx);
        AttributeRules.checkPolicyKnown(a, ctx);
        int existing = o.attributes().all(a.name()).size();
        if (existing > 0 && !AttributeInstances.isMultiInstance(a.name())) {
            throw new KmipOperationException(
                    ctx.version().isTwoOrLater() ? ResultReason.ATTRIBUTE_SINGLE_VALUED : ResultReason.INVALID_FIELD,
                    "attribute '" + a.name() + "' is single-valued and already set");
        }
        ObjectAccess.saveEditedAttributes(o, o.attributes().with(new Attribute(a.name(), null, a.value())), ctx);
        return new AddAttribute.Response(o.uid(), new Attribute(a.name(), existing, a.value()));
    }
}
