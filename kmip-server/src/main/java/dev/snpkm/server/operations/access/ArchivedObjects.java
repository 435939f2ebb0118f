package dev.snpkm.server.operations.access;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipObject;
import dev.snpkm.server.operations.KmipOperationException;
import dev.snpkm.server.operations.OperationContext;
import java.util.EnumSet;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What "archived" means on this server (KMIP 2.1 §6.1.4 Archive, §6.1.45 Recover; the Archive Date attribute, 1.4
 * §3.32): the object's Archive Date attribute is set. Its row and sealed material stay in the same encrypted store
 * (there is no offline medium), but the object is out of the active set: only its metadata can be read (Get
 * Attributes, Get Attribute List, Locate with the Archival Storage bit) and only Archive and Recover act on it.
 * Everything else that names it, Get (the attested Get too), the cryptographic services, a stream's next part,
 * attribute edits, lifecycle changes, is Object Archived, and a Get that would wrap with it is Wrapping Object Archived
 * (1.x: Object Archived), until Recover deletes the Archive Date. The refusals are audited, and one on a bound key is
 * recorded through the gate as every denial of a bound key is.
 */
public final class ArchivedObjects {
    /** KMIP 1.4 §3.32 (and 2.1 §4); server-only ({@code AttributeRules}), so no client can set or clear it. */
    public static final String ARCHIVE_DATE = "Archive Date";

    /** What may name an archived object: reading its metadata, and archiving or recovering it. */
    private static final Set<Operation> WHILE_ARCHIVED =
            EnumSet.of(Operation.GET_ATTRIBUTES, Operation.GET_ATTRIBUTE_LIST, Operation.ARCHIVE, Operation.RECOVER);

    private ArchivedObjects() {}

    public static boolean isArchived(KmipObject o) {
        return o.attributes().first(ARCHIVE_DATE).isPresent();
    }

    /** Refuses an operation on an archived object unless it is one of {@link #WHILE_ARCHIVED}; deny by default. */
    static void requireOnline(KmipObject o, OperationContext ctx) {
        if (!isArchived(o)) {
            return;
        }
        Operation op = ctx.operation() == null ? null : ctx.operation().known().orElse(null);
        if (op != null && WHILE_ARCHIVED.contains(op)) {
            return;
        }
        String message =
                "object " + o.uid() + " is archived; Recover it before " + (op == null ? "using it" : op.specName());
        throw refused(o, op, ResultReason.OBJECT_ARCHIVED, message, ctx);
    }

    /** A Key Wrapping Specification that names an archived key (2.x Wrapping Object Archived, 1.x Object Archived). */
    static void requireOnlineWrappingKey(KmipObject key, OperationContext ctx) {
        if (isArchived(key)) {
            throw refused(
                    key,
                    Operation.GET,
                    ctx.version().isTwoOrLater() ? ResultReason.WRAPPING_OBJECT_ARCHIVED : ResultReason.OBJECT_ARCHIVED,
                    "wrapping key " + key.uid() + " is archived; Recover it before wrapping with it",
                    ctx);
        }
    }

    private static KmipOperationException refused(
            KmipObject o, @Nullable Operation op, ResultReason reason, String message, OperationContext ctx) {
        ctx.services().accountability().refused(ctx.client(), "object-archived", o.uid(), message);
        if (o.isBound()) {
            BoundRefusal.record(o, op == null ? Operation.GET : op, message, ctx);
        }
        return new KmipOperationException(reason, message);
    }
}
