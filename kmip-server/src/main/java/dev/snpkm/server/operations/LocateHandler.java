package dev.snpkm.server.operations;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.enums.StorageStatusMask;
import dev.snpkm.kmip.enums.UniqueIdentifierReference;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.ResponsePayload;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.access.ArchivedObjects;
import dev.snpkm.server.operations.access.ObjectAccess;
import dev.snpkm.server.operations.attributes.AttributeView;
import dev.snpkm.server.operations.attributes.LocateFilters;
import dev.snpkm.server.operations.attributes.Templates;
import dev.snpkm.server.store.LocateQuery;
import java.util.ArrayList;
import java.util.List;
import org.jspecify.annotations.Nullable;

/**
 * Locate (KMIP 1.4 §4.9, 2.1 §6.1.27): objects whose attributes satisfy every filter attribute ({@link LocateFilters}:
 * Name by value, a date given twice as a range, others by equal value, State as evaluated now, custom x- attributes
 * too), restricted to the client's own objects and those granted to it (x-authorized-client) unless it is an
 * administrator. Storage Status Mask: On-line (default) = not destroyed, Destroyed = destroyed, Archival = archived
 * ({@link ArchivedObjects}).
 * Offset Items then Maximum Items over the matches newest first in 2.x (oldest first in 1.x, which sets no order, as
 * before); Located Items (1.3+) counts all matches, when the client pages. Locate returns
 * metadata only, so bound objects are listed like any other (a grant never bypasses Get's attestation gate).
 */
public final class LocateHandler implements OperationHandler<Locate.Request> {
    /** A state an object's dates changed, found during a scan and written back after it. */
    private record StateChange(String uid, int state) {}

    /** Upper bound on objects one Locate examines. */
    private static final int SCAN_LIMIT = 100_000;

    @Override
    public Operation operation() {
        return Operation.LOCATE;
    }

    @Override
    public Class<Locate.Request> requestType() {
        return Locate.Request.class;
    }

    @Override
    public ResponsePayload handle(Locate.Request request, OperationContext ctx) {
        int offset = nonNegative(request.offsetItems(), "Offset Items");
        Integer max = request.maximumItems();
        if (max != null && max < 0) {
            throw new KmipOperationException(ResultReason.INVALID_FIELD, "Maximum Items must not be negative");
        }
        int mask = request.storageStatusMask() == null || request.storageStatusMask() == 0
                ? StorageStatusMask.ON_LINE_STORAGE.value()
                : request.storageStatusMask();
        Attributes filters = request.attributes();
        LocateFilters matcher = LocateFilters.of(filters);
        LocateQuery q = columns(LocateQuery.all().maxItems(SCAN_LIMIT), filters);
        if (ctx.version().isTwoOrLater()) {
            q = q.newestFirst(); // KMIP 2.x lists the most recently created first, and Offset Items pages from there
        }
        if (!ctx.isAdministrator()) {
            var access = ctx.services().access();
            q = q.ownerOrGrantedTo(access.ownerOf(ctx.client()), access.grantedAs(ctx.client()));
        }
        // Streamed: only the identifiers found are kept, not the rows scanned (up to SCAN_LIMIT, each with its
        // attributes). A state the objects' dates changed is written back once the scan has ended.
        List<String> matches = new ArrayList<>();
        List<StateChange> changed = new ArrayList<>();
        ctx.services().store().scan(q, row -> {
            if (!ObjectAccess.mayList(row, ctx)) {
                return; // the query only narrows the scan; the per-object read check decides
            }
            KmipObject o = ObjectAccess.evaluate(row, ctx);
            if (o.state().value() != row.state()) {
                changed.add(new StateChange(row.uid(), o.state().value()));
            }
            if (!Templates.hiddenFrom(o, ctx.version())
                    && inStorage(o, mask)
                    && matcher.matches(AttributeView.of(o, KmipVersion.V2_1))) {
                matches.add(o.uid());
            }
        });
        for (StateChange c : changed) {
            ctx.services().store().updateState(c.uid(), c.state());
        }
        int from = Math.min(offset, matches.size());
        int to = max == null ? matches.size() : (int) Math.min(matches.size(), (long) from + max); // no overflow
        List<String> page = matches.subList(from, to);
        if (!page.isEmpty()) {
            ctx.batch().produced(UniqueIdentifierReference.LOCATE, page.get(0));
        }
        Integer located = reportsLocatedItems(request, ctx) ? matches.size() : null;
        return new Locate.Response(located, page);
    }

    /**
     * Located Items (1.3+) is optional: KMIP 1.4 §4.9 lets a server omit it and return it even without Offset Items.
     * It is returned when the client pages (Maximum Items or Offset Items), the one case where the total tells it
     * something the list does not. This matches the reference responses: none of the 38 OASIS 1.4/2.1 Locate
     * responses carries Located Items, and none of their requests pages.
     */
    private static boolean reportsLocatedItems(Locate.Request request, OperationContext ctx) {
        return ctx.version().isAtLeast(KmipVersion.V1_3)
                && (request.maximumItems() != null || request.offsetItems() != null);
    }

    /** Narrows the scan by the indexed columns; the predicate in {@code matches} still checks every filter. */
    private static LocateQuery columns(LocateQuery q, Attributes f) {
        LocateQuery out = q;
        var name = f.value(AttributeNames.NAME, Name.class);
        if (name.isPresent()) {
            out = out.name(name.get().value());
        }
        var type = f.item(AttributeNames.OBJECT_TYPE, Ttlv.Enumeration.class);
        if (type.isPresent()) {
            out = out.objectType(type.get().value());
        }
        var alg = f.item(AttributeNames.CRYPTOGRAPHIC_ALGORITHM, Ttlv.Enumeration.class);
        if (alg.isPresent()) {
            out = out.cryptographicAlgorithm(alg.get().value());
        }
        var len = f.integer(AttributeNames.CRYPTOGRAPHIC_LENGTH);
        if (len.isPresent()) {
            out = out.cryptographicLength(len.get());
        }
        return out;
    }

    private static boolean inStorage(KmipObject o, int mask) {
        if (ArchivedObjects.isArchived(o)) {
            return (mask & StorageStatusMask.ARCHIVAL_STORAGE.value()) != 0;
        }
        boolean destroyed = o.state() == State.DESTROYED || o.state() == State.DESTROYED_COMPROMISED;
        return destroyed
                ? (mask & StorageStatusMask.DESTROYED_STORAGE.value()) != 0
                : (mask & StorageStatusMask.ON_LINE_STORAGE.value()) != 0;
    }

    private static int nonNegative(@Nullable Integer v, String field) {
        if (v == null) {
            return 0;
        }
        if (v < 0) {
            throw new KmipOperationException(ResultReason.INVALID_FIELD, field + " must not be negative");
        }
        return v;
    }
}
