package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema V6: fills object_grant (V5) from the x-authorized-client values of every object stored before it existed,
 * destroyed ones included (their grants stay in the table, see V5). A value longer than the grantee column (no subject
 * DN an owner may have is that long) stays in the attribute, so the per-object grant check still sees it, but Locate
 * does not list the object for it; one WARN line counts such objects, without naming grantees or owners.
 */
final class ObjectGrantsBackfill extends AttributeBackfill {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectGrantsBackfill.class);
    private int overlong;

    ObjectGrantsBackfill() {
        super("6", "backfill object grants", false);
    }

    @Override
    void fill(Connection c, StoredObject o) throws SQLException {
        List<String> grantees = new ArrayList<>();
        boolean skipped = false;
        for (Attribute a : o.attributes()) {
            if (AttributeNames.X_AUTHORIZED_CLIENT.equals(a.name())
                    && a.item().orElse(null) instanceof Ttlv.TextString t) {
                if (t.value().length() <= ObjectGrants.GRANTEE_MAX) {
                    grantees.add(t.value());
                } else {
                    skipped = true;
                }
            }
        }
        ObjectGrants.grantWithoutKeys(c, o.uid(), grantees);
        overlong += skipped ? 1 : 0;
    }

    @Override
    void finish(int unreadable) {
        if (overlong > 0) {
            LOG.warn(
                    "event=grant_backfill_overlong objects={} max_chars={} "
                            + "note=\"Locate does not list them to the grantee\"",
                    overlong,
                    ObjectGrants.GRANTEE_MAX);
        }
        if (unreadable > 0) {
            LOG.warn(
                    "event=grant_backfill_unreadable objects={} note=\"their grants are not in the grant table\"",
                    unreadable);
        }
        overlong = 0;
    }
}
