package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeInstances;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.UniqueNames;

/**
 * Modify Attribute (KMIP 1.4 §4.15, 2.1 §6.1.30): replaces one existing instance, chosen by the 1.x Attribute Index
 * (default 0) or the 2.x Current Attribute (default: the only instance). A missing instance is Attribute Not Found (1.x
 * Item Not Found); read-only attributes and, for non-administrators, the binding are refused; a Name must stay unique
 * ({@link UniqueNames}).
 */
public final class ModifyAttributeHandler implements OperationHandler<ModifyAttribute.Request> {
    @Override
    public Operation operation() {
        return Operation.MODIFY_ATTRIBUTE;
    }

    @Override
    public Class<ModifyAttribute.Request> requestType() {
        return ModifyAttribute.Request.class;
    }

    @Override
    public ResponsePayload handle(ModifyAttribute.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        Attribute a = request.newAttribute();
        AttributeRules.checkChange(a.name(), o, ctx);
        AttributeRules.checkPolicyKnown(a, ctx);
        int count = o.attributes().all(a.name()).size();
        int index;
        Attribute current = request.currentAttribute();
        if (current != null) {
            if (!current.name().equals(a.name())) {
                // The index found for one attribute must not pick an instance of another.
                throw new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Current Attribute is '" + current.name() + "' but New Attribute is '" + a.name()
                                + "': Modify Attribute replaces an instance of one attribute");
            }
            index = AttributeInstances.indexOf(o.attributes(), current);
        } else if (ctx.version().isTwoOrLater() && count > 1) {
            throw new KmipOperationException(
                    ResultReason.MULTI_VALUED_ATTRIBUTE,
                    "attribute '" + a.name() + "' has " + count + " instances; name one as Current Attribute");
        } else {
            index = a.index() == null ? 0 : a.index();
        }
        if (index < 0 || index >= count) {
            throw ResultReasons.attributeNotFound(
                    ctx.version(), "object " + o.uid() + " has no such instance of attribute '" + a.name() + "'");
        }
        Attributes after = AttributeInstances.replaceInstance(o.attributes(), a.name(), index, a);
        ObjectAccess.saveEditedAttributes(o, after, ctx);
        return new ModifyAttribute.Response(o.uid(), new Attribute(a.name(), index, a.value()));
    }
}
