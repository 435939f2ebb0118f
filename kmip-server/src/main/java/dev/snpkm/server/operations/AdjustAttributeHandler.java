package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.ItemValue;
import dev.snpkm.kmip.enums.AdjustmentType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.payload.AdjustAttribute;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeAdjustment;
import dev.snpkm.server.operations.attributes.AttributeRules;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import java.util.List;

/**
 * Adjust Attribute (KMIP 2.0+, 2.1 §6.1 "Adjust Attribute"): increments, decrements or negates the one instance of
 * an attribute the client may change ({@link AttributeRules#checkChange}: server-set and creation-time attributes are
 * Attribute Read Only, the lifecycle dates only before they took effect, the binding only for administrators). The
 * arithmetic and the types it applies to are {@link AttributeAdjustment}'s. An absent attribute is Attribute Not
 * Found; several instances are Multi Valued Attribute.
 */
public final class AdjustAttributeHandler implements OperationHandler<AdjustAttribute.Request> {
    @Override
    public Operation operation() {
        return Operation.ADJUST_ATTRIBUTE;
    }

    @Override
    public Class<AdjustAttribute.Request> requestType() {
        return AdjustAttribute.Request.class;
    }

    @Override
    public ResponsePayload handle(AdjustAttribute.Request request, OperationContext ctx) {
        AdjustmentType type = request.adjustmentType()
                .known()
                .orElseThrow(() -> new KmipOperationException(
                        ResultReason.INVALID_FIELD,
                        "Adjustment Type " + request.adjustmentType() + " is not Increment, Decrement or Negate"));
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        String name = request.attributeName();
        AttributeRules.checkChange(name, o, ctx);
        List<Attribute> instances = o.attributes().all(name);
        if (instances.isEmpty()) {
            throw ResultReasons.attributeNotFound(
                    ctx.version(), "object " + o.uid() + " has no attribute '" + name + "' to adjust");
        }
        if (instances.size() > 1) {
            throw new KmipOperationException(
                    ResultReason.MULTI_VALUED_ATTRIBUTE,
                    "attribute '" + name + "' has " + instances.size() + " instances; only a single one is adjusted");
        }
        if (name.equals(AttributeNames.CRYPTOGRAPHIC_USAGE_MASK)) {
            throw AttributeAdjustment.notAdjustable(name, "is a bit mask, not a number");
        }
        Ttlv current =
                instances.get(0).item().orElseThrow(() -> AttributeAdjustment.notAdjustable(name, "is a structure"));
        Ttlv adjusted = AttributeAdjustment.apply(name, current, type, request.adjustmentValue());
        Attribute after = Attribute.of(name, ItemValue.of(adjusted));
        ObjectAccess.saveEditedAttributes(o, StoredAttributes.replace(o.attributes(), after), ctx);
        return new AdjustAttribute.Response(o.uid());
    }
}
