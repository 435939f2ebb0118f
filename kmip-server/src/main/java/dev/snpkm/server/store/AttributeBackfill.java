package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.AttributeCodec;
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
import java.util.List;
import org.flywaydb.core.api.MigrationVersion;
import org.flywaydb.core.api.migration.Context;
import org.flywaydb.core.api.migration.JavaMigration;
import org.jspecify.annotations.Nullable;

/**
 * A schema migration that fills a table derived from the attributes of the objects stored before it existed: it reads
 * every object's attribute blob (the at-rest form: Attributes {Attribute {Attribute Name, Attribute Value}*}, as
 * operations.StoredAttributes writes it), oldest first, and hands each object's decoded attributes to {@link #fill}.
 *
 * <p>A Flyway migration rather than a backfill on every open: Flyway runs it exactly once, in one transaction recorded
 * with its version, so no marker of our own says whether it ran and a crash half-way leaves nothing half-filled.
 */
abstract class AttributeBackfill implements JavaMigration {
    /** One stored object, as the backfill sees it. */
    record StoredObject(String uid, String owner, List<Attribute> attributes) {}

    private final String version;
    private final String description;
    private final boolean liveOnly;

    /** @param liveOnly whether only objects not destroyed are read */
    AttributeBackfill(String version, String description, boolean liveOnly) {
        this.version = version;
        this.description = description;
        this.liveOnly = liveOnly;
    }

    /** Writes what the table holds for one object. */
    abstract void fill(Connection c, StoredObject o) throws SQLException;

    /** After the last object: {@code unreadable} objects had attributes that would not decode and were skipped. */
    abstract void finish(int unreadable);

    @Override
    public final void migrate(Context context) throws SQLException {
        Connection c = context.getConnection();
        TtlvDecoder decoder = new TtlvDecoder();
        int unreadable = 0;
        try (PreparedStatement ps = c.prepareStatement("SELECT uid, owner, attributes FROM managed_object "
                + (liveOnly ? "WHERE state NOT IN (?, ?) " : "") + "ORDER BY created_at, uid")) {
            if (liveOnly) {
                ps.setInt(1, ObjectNames.DESTROYED);
                ps.setInt(2, ObjectNames.DESTROYED_COMPROMISED);
            }
            ps.setFetchSize(500);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    List<Attribute> attributes;
                    try {
                        attributes = attributes((Ttlv.Structure) decoder.decode(rs.getBytes(3)));
                    } catch (TtlvException | KmipMappingException | ClassCastException e) {
                        unreadable++;
                        continue;
                    }
                    fill(c, new StoredObject(rs.getString(1), rs.getString(2), attributes));
                }
            }
        }
        finish(unreadable);
    }

    private static List<Attribute> attributes(Ttlv.Structure stored) throws KmipMappingException {
        List<Attribute> out = new ArrayList<>();
        for (Ttlv item : stored.children()) {
            out.add(AttributeCodec.decodeV1(FieldReader.of(item, KmipVersion.V2_1)));
        }
        return out;
    }

    @Override
    public final MigrationVersion getVersion() {
        return MigrationVersion.fromVersion(version);
    }

    @Override
    public final String getDescription() {
        return description;
    }

    @Override
    public final @Nullable Integer getChecksum() {
        return null;
    }

    @Override
    public final boolean canExecuteInTransaction() {
        return true;
    }
}
