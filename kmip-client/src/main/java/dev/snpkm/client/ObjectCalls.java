package dev.snpkm.client;

import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.RevocationReason;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.object.KeyWrappingSpecification;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.Activate;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.ReKey;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.payload.Revoke;
import dev.snpkm.kmip.types.UniqueIdentifier;
import java.util.List;
import org.jspecify.annotations.Nullable;

/** Object lifecycle calls: Create, Register, Get, Activate, Revoke, Destroy, Re-key (KMIP 1.4 §4.1-4.21). */
final class ObjectCalls {
    private final RequestExecutor executor;

    ObjectCalls(RequestExecutor executor) {
        this.executor = executor;
    }

    String createSymmetricKey(CryptographicAlgorithm algorithm, int lengthBits, List<Attribute> more)
            throws KmipOperationException, KmipTransportException {
        Attributes a = Attributes.of(KeyAttributes.algorithm(algorithm), KeyAttributes.length(lengthBits));
        for (Attribute m : more) {
            a = a.with(m);
        }
        return executor.call(Operation.CREATE, Create.Request.of(ObjectType.SYMMETRIC_KEY, a), Create.Response.class)
                .uniqueIdentifier();
    }

    String register(ManagedObject object, Attributes attributes) throws KmipOperationException, KmipTransportException {
        return executor.call(Operation.REGISTER, Register.Request.of(object, attributes), Register.Response.class)
                .uniqueIdentifier();
    }

    /** The object as the server sent it; for keys the caller destroys it when done. */
    ManagedObject get(String uid, @Nullable KeyFormatType format, @Nullable KeyWrappingSpecification wrapping)
            throws KmipOperationException, KmipTransportException {
        Get.Request request = new Get.Request(
                UniqueIdentifier.of(uid), format == null ? null : EnumCode.of(format), null, null, wrapping);
        return executor.call(Operation.GET, request, Get.Response.class).object();
    }

    void activate(String uid) throws KmipOperationException, KmipTransportException {
        executor.call(Operation.ACTIVATE, new Activate.Request(UniqueIdentifier.of(uid)), Activate.Response.class);
    }

    void revoke(String uid, RevocationReason reason) throws KmipOperationException, KmipTransportException {
        executor.call(
                Operation.REVOKE, new Revoke.Request(UniqueIdentifier.of(uid), reason, null), Revoke.Response.class);
    }

    void destroy(String uid) throws KmipOperationException, KmipTransportException {
        executor.call(Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)), Destroy.Response.class);
    }

    /** The replacement key's identifier. */
    String reKey(String uid) throws KmipOperationException, KmipTransportException {
        return executor.call(
                        Operation.RE_KEY,
                        new ReKey.Request(UniqueIdentifier.of(uid), null, null, null),
                        ReKey.Response.class)
                .uniqueIdentifier();
    }
}
