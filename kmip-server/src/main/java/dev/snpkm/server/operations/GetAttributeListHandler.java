package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.GetAttributeList;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeView;

/** Get Attribute List (KMIP 1.4 §4.13): the names of the attributes the object has, each once. */
public final class GetAttributeListHandler implements OperationHandler<GetAttributeList.Request> {
    @Override
    public Operation operation() {
        return Operation.GET_ATTRIBUTE_LIST;
    }

    @Override
    public Class<GetAttributeList.Request> requestType() {
        return GetAttributeList.Request.class;
    }

    @Override
    public ResponsePayload handle(GetAttributeList.Request request, OperationContext ctx) {
        KmipObject o = ObjectAccess.load(request.uniqueIdentifier(), ctx);
        return new GetAttributeList.Response(o.uid(), AttributeView.names(o, ctx.version()));
    }
}
