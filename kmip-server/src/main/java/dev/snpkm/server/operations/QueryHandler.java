package dev.snpkm.server.operations;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.util.ArrayList;
import java.util.List;

/**
 * Query (KMIP 1.4 §4.25): operations, object types, server information and attestation types. Functions this server
 * has nothing to report for (extensions, RNGs, profiles, capabilities...) contribute nothing, which the spec allows.
 * Attestation Types lists AMD SEV-SNP Report (0x80000001), the one type the release gate accepts.
 */
public final class QueryHandler implements OperationHandler<Query.Request> {
    public static final String VENDOR = "snpkm";
    private static final List<ObjectType> OBJECT_TYPES = List.of(
            ObjectType.SYMMETRIC_KEY,
            ObjectType.PUBLIC_KEY,
            ObjectType.PRIVATE_KEY,
            ObjectType.SECRET_DATA,
            ObjectType.OPAQUE_OBJECT,
            ObjectType.CERTIFICATE);
    private static final int SERVER_INFORMATION = KmipRegistry.get().tagValue("Server Information");

    private final List<Operation> offered;

    /** @param offered the operations the dispatcher this handler belongs to runs, Query included */
    public QueryHandler(List<Operation> offered) {
        this.offered = List.copyOf(offered);
    }

    @Override
    public Operation operation() {
        return Operation.QUERY;
    }

    @Override
    public Class<Query.Request> requestType() {
        return Query.Request.class;
    }

    @Override
    public ResponsePayload handle(Query.Request request, OperationContext ctx) {
        List<EnumCode<Operation>> ops = new ArrayList<>();
        List<EnumCode<ObjectType>> types = new ArrayList<>();
        List<EnumCode<AttestationType>> attestation = new ArrayList<>();
        String vendor = null;
        Ttlv info = null;
        for (EnumCode<QueryFunction> f : request.queryFunctions()) {
            if (f.is(QueryFunction.QUERY_OPERATIONS)) {
                offered.stream().filter(op -> isDefinedIn(op, ctx)).forEach(op -> ops.add(EnumCode.of(op)));
            } else if (f.is(QueryFunction.QUERY_OBJECTS)) {
                OBJECT_TYPES.forEach(t -> types.add(EnumCode.of(t)));
                if (!ctx.version().isTwoOrLater()) {
                    types.add(EnumCode.of(ObjectType.TEMPLATE)); // 1.x only: KMIP 2.0 removed Template objects
                }
            } else if (f.is(QueryFunction.QUERY_SERVER_INFORMATION)) {
                vendor = VENDOR;
                info = Ttlv.structure(SERVER_INFORMATION);
            } else if (f.is(QueryFunction.QUERY_ATTESTATION_TYPES)) {
                attestation.add(EnumCode.of(AttestationType.SEV_SNP_REPORT));
            }
        }
        return new Query.Response(ops, types, vendor, info, List.of(), List.of(), attestation, List.of());
    }

    /** Only operations the request's version defines (Set Attribute is 2.x, Discover Versions 1.1+). */
    private static boolean isDefinedIn(Operation op, OperationContext ctx) {
        return KmipRegistry.get()
                .valueByName("Operation", op.specName(), ctx.version())
                .isPresent();
    }
}
