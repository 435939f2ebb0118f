package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.payload.SetAttribute;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.operations.attributes.UniqueNames;

/**
 * Set Attribute (KMIP 2.0+, 2.1 §6.1): creates the attribute if absent, replaces it if it has exactly one
 * instance, and fails with Multi Valued Attribute if it has several. Read-only attributes SHALL NOT be set; a Name
 * must stay unique ({@link UniqueNames}).
 */
public final class SetAttributeHandler implements OperationHandler<SetAttribute.Request> {
    @Override
    public Operation operation() {
        return Operation.SET_ATTRIBUTE;
    }

    @Override
    public Class<SetAttribute.Request> requestType() {
        return SetAttribute.Request.class;
    }

    @Override
    public ResponsePayload handle(SetAttribute.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        Attribute a = request.newAttribute();
        AttributeRules.checkChange(a.name(), o, ctx);
        AttributeRules.checkPolicyKnown(a, ctx);
        int count = o.attributes().all(a.name()).size();
        if (count > 1) {
            throw new KmipOperationException(
                    ResultReason.MULTI_VALUED_ATTRIBUTE,
                    "attribute '" + a.name() + "' has " + count + " instances; use Modify Attribute");
        }
        Attributes after = StoredAttributes.replace(o.attributes(), a);
        ObjectAccess.saveEditedAttributes(o, after, ctx);
        return new SetAttribute.Response(o.uid());
    }
}
