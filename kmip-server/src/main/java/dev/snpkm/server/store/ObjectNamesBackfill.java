package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeCodec;
import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.mapping.FieldReader;
import dev.snpkm.kmip.mapping.KmipMappingException;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Schema V4: fills object_name (V3) from the objects stored before it existed. The name column holds only the first
 * Name, so every live object's attribute blob is read (the at-rest form: Attributes {Attribute {Attribute Name,
 * Attribute Value}*}, as operations.StoredAttributes writes it).
 *
 * <p>A Flyway migration rather than a backfill on every open: Flyway runs it exactly once, in one transaction recorded
 * with its version, so no marker of our own says whether it ran and a crash half-way leaves nothing half-filled.
 *
 * <p>Data from before the check was race-free may already break uniqueness: the oldest object keeps the name and the
 * rest are left out of the table. They keep the Name attribute; edits that leave the Names alone (Activate, Revoke,
 * Destroy, other attributes) go through, and an edit of the Names must choose free ones. Startup does not fail: one WARN line counts the owners affected, without naming names or owners
 * (they may be sensitive).
 */
final class ObjectNamesBackfill implements JavaMigration {
    private static final Logger LOG = LoggerFactory.getLogger(ObjectNamesBackfill.class);

    @Override
    public MigrationVersion getVersion() {
        return MigrationVersion.fromVersion("4");
    }

    @Override
    public String getDescription() {
        return "backfill object names";
    }

    @Override
    public Integer getChecksum() {
        return null;
    }

    @Override
    public boolean canExecuteInTransaction() {
        return true;
    }

    @Override
    public void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        TtlvDecoder decoder = new TtlvDecoder();
        Set<String> clashingOwners = new HashSet<>();
        int unreadable = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT uid, owner, attributes FROM managed_object "
                + "WHERE state NOT IN (?, ?) ORDER BY created_at, uid")) {
            ps.setInt(1, ObjectNames.DESTROYED);
            ps.setInt(2, ObjectNames.DESTROYED_COMPROMISED);
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    String uid = rs.getString(1);
                    String owner = rs.getString(2);
                    List<String> names;
                    try {
                        names = names((Ttlv.Structure) decoder.decode(rs.getBytes(3)));
                    } catch (TtlvException | KmipMappingException | ClassCastException e) {
                        unreadable++;
                        continue;
                    }
                    for (String name : names) {
                        if (!ObjectNames.claimIfFree(c, owner, uid, name)) {
                            clashingOwners.add(owner);
                        }
                    }
                }
            }
        }
        if (!clashingOwners.isEmpty()) {
            LOG.warn("{} owner(s) already had two live objects with one Name; the oldest holds it, the others keep "
                    + "the attribute but must take a free name at their next edit of Names", clashingOwners.size());
        }
        if (unreadable > 0) {
            LOG.warn("{} object(s) have unreadable stored attributes; their Names are not in the name table",
                    unreadable);
        }
    }

    /** The Name values of an at-rest attribute structure. */
    private static List<String> names(Ttlv.Structure stored) throws KmipMappingException {
        List<String> out = new ArrayList<>();
        for (Ttlv item : stored.children()) {
            Attribute a = AttributeCodec.decodeV1(FieldReader.of(item, KmipVersion.V2_1));
            if (AttributeNames.NAME.equals(a.name()) && a.value() instanceof Name n) {
                out.add(n.value());
            }
        }
        return out;
    }
}
