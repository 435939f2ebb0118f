package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Name;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashSet;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema V4: fills object_name (V3) from the live objects stored before it existed. The name column holds only the
 * first Name, so every live object's attribute blob is read.
 *
 * <p>Data from before the check was race-free may already break uniqueness: the oldest object keeps the name and the
 * rest are left out of the table. They keep the Name attribute; edits that leave the Names alone (Activate, Revoke,
 * Destroy, other attributes) go through, and an edit of the Names must choose free ones. Startup does not fail: one
 * WARN line counts the owners affected, without naming names or owners (they may be sensitive).
 */
final class ObjectNamesBackfill extends AttributeBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectNamesBackfill.class);
    private final Set<String> clashingOwners = new HashSet<>();

    ObjectNamesBackfill() {
        super("4", "backfill object names", true);
    }

    @Override
    void fill(Connection c, StoredObject o) throws SQLException {
        for (Attribute a : o.attributes()) {
            if (AttributeNames.NAME.equals(a.name())
                    && a.value() instanceof Name n
                    && !ObjectNames.claimIfFree(c, o.owner(), o.uid(), n.value())) {
                clashingOwners.add(o.owner());
            }
        }
    }

    @Override
    void finish(int unreadable) {
        if (!clashingOwners.isEmpty()) {
            LOG.warn(
                    "event=name_backfill_clash owners={} note=\"each had two live objects with one Name; the oldest "
                            + "holds it, the others keep the attribute but must take a free name at their next edit of Names\"",
                    clashingOwners.size());
        }
        if (unreadable > 0) {
            LOG.warn(
                    "event=name_backfill_unreadable objects={} note=\"their Names are not in the name table\"",
                    unreadable);
        }
        clashingOwners.clear();
    }
}
