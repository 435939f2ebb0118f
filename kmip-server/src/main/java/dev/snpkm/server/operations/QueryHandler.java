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
import dev.snpkm.server.operations.attributes.ProtectionStorage;
import dev.snpkm.server.operations.attributes.RandomNumberGenerator;
import java.util.ArrayList;
import java.util.List;

/**
 * Query (KMIP 1.4 §4.25, 2.1 §6.1.37): operations, object types, server information, attestation types, the RNG
 * (RNG Parameters of the generator keys come from), the claimed profiles ({@link ClaimedProfiles}) and, in 2.x, the
 * storage protection masks. Functions this server has nothing to report for (extensions, validations,
 * capabilities...) contribute nothing, which the spec allows.
 * Attestation Types lists AMD SEV-SNP Report (0x80000001), the one type the release gate accepts.
 */
public final class QueryHandler implements OperationHandler<Query.Request> {
    public static final String VENDOR = "snpkm";
    private static final List<ObjectType> OBJECT_TYPES = List.of(
            ObjectType.SYMMETRIC_KEY,
            ObjectType.PUBLIC_KEY,
            ObjectType.PRIVATE_KEY,
            ObjectType.SPLIT_KEY,
            ObjectType.SECRET_DATA,
            ObjectType.OPAQUE_OBJECT,
            ObjectType.CERTIFICATE);
    private static final int SERVER_INFORMATION = KmipRegistry.get().tagValue("Server Information");
    private static final int PROFILE_INFORMATION = KmipRegistry.get().tagValue("Profile Information");
    private static final int PROFILE_NAME = KmipRegistry.get().tagValue("Profile Name");
    private static final int PROTECTION_STORAGE_MASKS = KmipRegistry.get().tagValue("Protection Storage Masks");
    private static final int PROTECTION_STORAGE_MASK = KmipRegistry.get().tagValue("Protection Storage Mask");

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
        Ttlv rng = null;
        List<Ttlv> profiles = new ArrayList<>();
        Ttlv storageMasks = null;
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
            } else if (f.is(QueryFunction.QUERY_RNGS)) {
                rng = RandomNumberGenerator.parameters(ctx.services().random());
            } else if (f.is(QueryFunction.QUERY_PROFILES)) {
                profiles.clear();
                ClaimedProfiles.profileNameValues(ctx.version())
                        .forEach(v -> profiles.add(
                                Ttlv.structure(PROFILE_INFORMATION, List.of(Ttlv.enumeration(PROFILE_NAME, v)))));
            } else if (f.is(QueryFunction.QUERY_STORAGE_PROTECTION_MASKS)
                    && ctx.version().isTwoOrLater()) {
                storageMasks = Ttlv.structure(
                        PROTECTION_STORAGE_MASKS,
                        List.of(Ttlv.integer(PROTECTION_STORAGE_MASK, ProtectionStorage.offered())));
            }
        }
        // after Attestation Type, in the order the payload defines: RNG Parameters, Profile Information, ...,
        // Protection Storage Masks (2.1 §6.1.37)
        List<Ttlv> others = new ArrayList<>();
        if (rng != null) {
            others.add(rng);
        }
        others.addAll(profiles);
        if (storageMasks != null) {
            others.add(storageMasks);
        }
        return new Query.Response(ops, types, vendor, info, List.of(), List.of(), attestation, others);
    }

    /** Only operations the request's version defines (Set Attribute is 2.x, Discover Versions 1.1+). */
    private static boolean isDefinedIn(Operation op, OperationContext ctx) {
        return KmipRegistry.get()
                .valueByName("Operation", op.specName(), ctx.version())
                .isPresent();
    }
}
