package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.payload.AddAttribute;
import dev.snpkm.kmip.payload.DeleteAttribute;
import dev.snpkm.kmip.payload.GetAttributes;
import dev.snpkm.kmip.payload.ModifyAttribute;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;

/** Attribute calls: Get Attributes, Add, Modify, Delete Attribute (KMIP 1.4 §4.12-4.16). */
final class AttributeCalls {
    private final RequestExecutor executor;

    AttributeCalls(RequestExecutor executor) {
        this.executor = executor;
    }

    Attributes get(String uid, List<String> names) throws KmipOperationException, KmipTransportException {
        return executor.call(
                        Operation.GET_ATTRIBUTES,
                        new GetAttributes.Request(UniqueIdentifier.of(uid), names),
                        GetAttributes.Response.class)
                .attributes();
    }

    void add(String uid, Attribute attribute) throws KmipOperationException, KmipTransportException {
        executor.call(
                Operation.ADD_ATTRIBUTE,
                new AddAttribute.Request(UniqueIdentifier.of(uid), attribute),
                AddAttribute.Response.class);
    }

    /** Replaces the attribute's (first) value; 1.x selects the instance by the attribute's index. */
    void modify(String uid, Attribute attribute) throws KmipOperationException, KmipTransportException {
        executor.call(
                Operation.MODIFY_ATTRIBUTE,
                new ModifyAttribute.Request(UniqueIdentifier.of(uid), null, attribute),
                ModifyAttribute.Response.class);
    }

    void delete(String uid, String name) throws KmipOperationException, KmipTransportException {
        executor.call(
                Operation.DELETE_ATTRIBUTE,
                new DeleteAttribute.Request(UniqueIdentifier.of(uid), null, name, null),
                DeleteAttribute.Response.class);
    }
}
