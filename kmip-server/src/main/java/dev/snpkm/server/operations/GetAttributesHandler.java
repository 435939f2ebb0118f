package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.operations.attributes.AttributeView;
import dev.snpkm.server.operations.attributes.UnnamedGetAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Get Attributes (KMIP 1.4 §4.12): the named attributes in request order, names the object lacks left out; when none
 * are named, the object's attributes of the request's version ({@link UnnamedGetAttributes}). Attributes never include
 * key material, so bound objects need no gate here.
 */
public final class GetAttributesHandler implements OperationHandler<GetAttributes.Request> {
    @Override
    public Operation operation() {
        return Operation.GET_ATTRIBUTES;
    }

    @Override
    public Class<GetAttributes.Request> requestType() {
        return GetAttributes.Request.class;
    }

    @Override
    public ResponsePayload handle(GetAttributes.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        Attributes all = AttributeView.of(o, ctx.version());
        if (request.attributeNames().isEmpty()) {
            return new GetAttributes.Response(o.uid(), UnnamedGetAttributes.of(all, ctx.version()));
        }
        List<Attribute> out = new ArrayList<>();
        for (String name : request.attributeNames()) {
            if (name.equals(AttributeNames.X_OWNER)) {
                // Only on request: the full listing (and Get Attribute List) stays as the specification's tests
                // expect. An administrator tells apart same-named keys of different owners by it.
                out.add(AttributeFactory.text(AttributeNames.X_OWNER, o.row().owner()));
                continue;
            }
            List<Attribute> instances = all.all(name);
            for (int i = 0; i < instances.size(); i++) {
                Attribute a = instances.get(i);
                // 1.x multi-instance attributes carry their Attribute Index (KMIP 1.4 §2.1.1).
                out.add(
                        ctx.version().isTwoOrLater() || instances.size() == 1
                                ? a
                                : new Attribute(a.name(), i, a.value()));
            }
        }
        return new GetAttributes.Response(o.uid(), new Attributes(out));
    }
}
