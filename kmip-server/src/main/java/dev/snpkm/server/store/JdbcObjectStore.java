package dev.snpkm.server.store;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.server.crypto.MaterialSealer;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;

/** {@link ObjectStore} over JDBC (H2 or PostgreSQL), sealing material with a {@link MaterialSealer}. */
public final class JdbcObjectStore implements ObjectStore {
    private static final String COLUMNS = "uid, object_type, state, owner, name, cryptographic_algorithm, "
            + "cryptographic_length, object_group, attributes, sealed_material IS NOT NULL, created_at, updated_at, "
            + "material_destroyed_at";

    private final Database db;
    private final MaterialSealer sealer;
    private final Clock clock;
    private final TtlvDecoder decoder = new TtlvDecoder();

    public JdbcObjectStore(Database db, MaterialSealer sealer, Clock clock) {
        this.db = db;
        this.sealer = sealer;
        this.clock = clock;
    }

    @Override
    public StoredObject create(NewStoredObject o) {
        String uid = UUID.randomUUID().toString();
        Instant now = now();
        byte[] sealed = o.material() == null ? null : sealer.seal(uid, o.material());
        SearchFields f = o.searchFields();
        db.joinableTransaction("create object " + uid, c -> {
            insert(c, uid, o, sealed, now);
            ObjectNames.claim(c, o.owner(), uid, o.state(), f.names());
            ObjectGrants.grant(c, uid, f.grantees());
            return uid;
        });
        return stored(uid, o, sealed, now);
    }

    @Override
    public StoredObject put(String uid, NewStoredObject o, boolean replace) {
        Instant now = now();
        byte[] sealed = o.material() == null ? null : sealer.seal(uid, o.material());
        SearchFields f = o.searchFields();
        db.joinableTransaction("import object " + uid, c -> {
            if (selectOne(c, uid, " FOR UPDATE").isEmpty()) {
                try {
                    insert(c, uid, o, sealed, now);
                } catch (SQLException e) {
                    if (ObjectNames.UNIQUE_VIOLATION.equals(e.getSQLState())) {
                        throw new ObjectExistsException(uid); // a concurrent Import of the same uid won
                    }
                    throw e;
                }
            } else if (replace) {
                ObjectNames.release(c, uid);
                replaceRow(c, uid, o, sealed, now);
            } else {
                throw new ObjectExistsException(uid);
            }
            ObjectNames.claim(c, o.owner(), uid, o.state(), f.names());
            ObjectGrants.regrant(c, uid, f.grantees());
            return uid;
        });
        return stored(uid, o, sealed, now);
    }

    private static void insert(Connection c, String uid, NewStoredObject o, byte @Nullable [] sealed, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO managed_object (object_type, state, owner, name, "
                + "cryptographic_algorithm, cryptographic_length, object_group, attributes, sealed_material, "
                + "created_at, updated_at, owner_sha256, name_sha256, uid) "
                + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            setRow(ps, uid, o, sealed, now);
            ps.executeUpdate();
        }
    }

    /** Import's replacement: every column rewritten, as if the row were new (the material no longer destroyed). */
    private static void replaceRow(Connection c, String uid, NewStoredObject o, byte @Nullable [] sealed, Instant now)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE managed_object SET object_type = ?, state = ?, "
                + "owner = ?, name = ?, cryptographic_algorithm = ?, cryptographic_length = ?, object_group = ?, "
                + "attributes = ?, sealed_material = ?, created_at = ?, updated_at = ?, owner_sha256 = ?, "
                + "name_sha256 = ?, material_destroyed_at = NULL WHERE uid = ?")) {
            setRow(ps, uid, o, sealed, now);
            ps.executeUpdate();
        }
    }

    /** The parameters of {@link #insert} and {@link #replaceRow}, in their shared column order, uid last. */
    private static void setRow(
            PreparedStatement ps, String uid, NewStoredObject o, byte @Nullable [] sealed, Instant now)
            throws SQLException {
        SearchFields f = o.searchFields();
        ps.setInt(1, o.objectType());
        ps.setInt(2, o.state());
        ps.setString(3, o.owner());
        ps.setString(4, f.name());
        setInteger(ps, 5, f.cryptographicAlgorithm());
        setInteger(ps, 6, f.cryptographicLength());
        ps.setString(7, f.objectGroup());
        ps.setBytes(8, TtlvEncoder.encode(o.attributes()));
        ps.setBytes(9, sealed);
        ps.setObject(10, timestamp(now));
        ps.setObject(11, timestamp(now));
        ps.setBytes(12, IndexKey.of(o.owner()));
        ps.setBytes(13, nameKey(f));
        ps.setString(14, uid);
    }

    private static StoredObject stored(String uid, NewStoredObject o, byte @Nullable [] sealed, Instant now) {
        return new StoredObject(
                uid,
                o.objectType(),
                o.state(),
                o.owner(),
                o.searchFields(),
                o.attributes(),
                sealed != null,
                now,
                now,
                Optional.empty());
    }

    @Override
    public Optional<StoredObject> get(String uid) {
        return db.read("read object " + uid, c -> selectOne(c, uid, ""));
    }

    @Override
    public Optional<StoredObject> getForUpdate(String uid) {
        // Joins the batch's transaction (taking its connection), so the row lock lasts until the batch commits.
        return db.joinableTransaction("lock object " + uid, c -> selectOne(c, uid, " FOR UPDATE"));
    }

    private Optional<StoredObject> selectOne(Connection c, String uid, String lock) throws SQLException {
        try (PreparedStatement ps =
                c.prepareStatement("SELECT " + COLUMNS + " FROM managed_object WHERE uid = ?" + lock)) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(read(rs)) : Optional.empty();
            }
        }
    }

    @Override
    public Optional<Readout> getWithMaterial(String uid) {
        return db.read("read object and material of " + uid, c -> {
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT " + COLUMNS + ", sealed_material FROM managed_object " + "WHERE uid = ?")) {
                ps.setString(1, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    return rs.next() ? Optional.of(new SealedReadout(read(rs), rs.getBytes(14))) : Optional.empty();
                }
            }
        });
    }

    /** A row with its sealed material as read; unsealing waits for the caller's access checks. */
    private final class SealedReadout implements Readout {
        private final StoredObject row;
        private final byte[] sealed;

        SealedReadout(StoredObject row, byte[] sealed) {
            this.row = row;
            this.sealed = sealed;
        }

        @Override
        public StoredObject row() {
            return row;
        }

        @Override
        public byte[] unseal() {
            return unsealed(row.uid(), sealed);
        }
    }

    @Override
    public byte[] material(String uid) {
        byte[] sealed = db.read("read material of " + uid, c -> {
            try (PreparedStatement ps =
                    c.prepareStatement("SELECT sealed_material FROM managed_object WHERE uid = ?")) {
                ps.setString(1, uid);
                try (ResultSet rs = ps.executeQuery()) {
                    if (!rs.next()) {
                        throw new NoSuchObjectException(uid);
                    }
                    return rs.getBytes(1);
                }
            }
        });
        return unsealed(uid, sealed);
    }

    private byte[] unsealed(String uid, byte[] sealed) {
        if (sealed == null) {
            throw new StoreException("object " + uid + " has no key material (never had any, or destroyed)");
        }
        return sealer.unseal(uid, sealed);
    }

    @Override
    public void updateAttributes(String uid, SearchFields f, Ttlv.Structure attributes, Set<Derived> changed) {
        update(
                uid,
                "update attributes of",
                "name = ?, cryptographic_algorithm = ?, cryptographic_length = ?, "
                        + "object_group = ?, attributes = ?, name_sha256 = ?",
                ps -> {
                    ps.setString(1, f.name());
                    setInteger(ps, 2, f.cryptographicAlgorithm());
                    setInteger(ps, 3, f.cryptographicLength());
                    ps.setString(4, f.objectGroup());
                    ps.setBytes(5, TtlvEncoder.encode(attributes));
                    ps.setBytes(6, nameKey(f));
                    return 7;
                },
                c -> {
                    if (changed.contains(Derived.NAMES)) {
                        ObjectNames.reclaim(c, uid, f.names());
                    }
                    if (changed.contains(Derived.GRANTS)) {
                        ObjectGrants.regrant(c, uid, f.grantees());
                    }
                });
    }

    @Override
    public void updateState(String uid, int state) {
        update(
                uid,
                "update state of",
                "state = ?",
                ps -> {
                    ps.setInt(1, state);
                    return 2;
                },
                releaseNamesIf(uid, state));
    }

    @Override
    public void destroyMaterial(String uid, int newState) {
        Instant now = now();
        update(
                uid,
                "destroy material of",
                "state = ?, sealed_material = NULL, material_destroyed_at = ?",
                ps -> {
                    ps.setInt(1, newState);
                    ps.setObject(2, timestamp(now));
                    return 3;
                },
                releaseNamesIf(uid, newState));
    }

    private static DerivedUpkeep releaseNamesIf(String uid, int state) {
        return ObjectNames.releases(state) ? c -> ObjectNames.release(c, uid) : c -> {};
    }

    @Override
    public List<StoredObject> locate(LocateQuery q) {
        List<StoredObject> found = new ArrayList<>();
        scan(q, found::add);
        return found;
    }

    @Override
    public void scan(LocateQuery q, Consumer<StoredObject> visitor) {
        StringBuilder filters = new StringBuilder();
        List<Object> filterParams = new ArrayList<>();
        filter(filters, filterParams, "object_type", q.objectType());
        filter(filters, filterParams, "state", q.state());
        keyedFilter(filters, filterParams, "name", q.name());
        filter(filters, filterParams, "cryptographic_algorithm", q.cryptographicAlgorithm());
        filter(filters, filterParams, "cryptographic_length", q.cryptographicLength());
        filter(filters, filterParams, "object_group", q.objectGroup());
        StringBuilder sql = new StringBuilder("SELECT " + COLUMNS + " FROM managed_object WHERE 1 = 1");
        List<Object> params = new ArrayList<>();
        keyedFilter(sql, params, "owner", q.owner());
        sql.append(filters);
        params.addAll(filterParams);
        if (!q.grantees().isEmpty()) {
            // The granted objects the owner does not own, as a branch of their own rather than an OR, so each
            // branch keeps its index: an OR of the two scans the whole table on H2. With a Name the name index
            // leads and each hit's grant is probed (EXISTS); without, the client's grants lead (IN). On H2 2.3 the
            // IN form ignores the name index, costing a lookup per grant of the client.
            String grantees = String.join(", ", Collections.nCopies(q.grantees().size(), "?"));
            sql.append(" UNION ALL SELECT " + COLUMNS + " FROM managed_object WHERE ")
                    .append(
                            q.name() != null
                                    ? "EXISTS (SELECT 1 FROM object_grant g WHERE g.uid = managed_object.uid AND g.grantee_sha256 IN ("
                                            + grantees + "))"
                                    : "uid IN (SELECT uid FROM object_grant WHERE grantee_sha256 IN (" + grantees
                                            + "))")
                    .append(" AND owner <> ?")
                    .append(filters);
            q.grantees().forEach(g -> params.add(IndexKey.of(g)));
            params.add(q.owner());
            params.addAll(filterParams);
        }
        sql.append(q.descending() ? " ORDER BY created_at DESC, uid DESC" : " ORDER BY created_at, uid");
        db.streamingRead("locate objects", c -> {
            try (PreparedStatement ps = c.prepareStatement(sql.toString())) {
                for (int i = 0; i < params.size(); i++) {
                    ps.setObject(i + 1, params.get(i));
                }
                ps.setFetchSize(100);
                try (ResultSet rs = ps.executeQuery()) {
                    // The attribute predicate runs here, so the cap counts matches, not rows scanned.
                    int visited = 0;
                    while (visited < q.maxItems() && rs.next()) {
                        StoredObject o = read(rs);
                        if (q.attributeFilter().test(o.attributes())) {
                            visited++;
                            visitor.accept(o);
                        }
                    }
                    return visited;
                }
            }
        });
    }

    /** Fills the SET parameters, returning the index of the uid parameter. */
    @FunctionalInterface
    private interface Setter {
        int set(PreparedStatement ps) throws SQLException;
    }

    /** Keeps the derived tables in step with an update, in its transaction, once the row is updated. */
    @FunctionalInterface
    private interface DerivedUpkeep {
        void apply(Connection c) throws SQLException;
    }

    private void update(String uid, String what, String assignments, Setter setter, DerivedUpkeep derived) {
        Instant now = now();
        int rows = db.joinableTransaction(what + " " + uid, c -> {
            int updated;
            try (PreparedStatement ps =
                    c.prepareStatement("UPDATE managed_object SET " + assignments + ", updated_at = ? WHERE uid = ?")) {
                int next = setter.set(ps);
                ps.setObject(next, timestamp(now));
                ps.setString(next + 1, uid);
                updated = ps.executeUpdate();
            }
            if (updated > 0) {
                derived.apply(c);
            }
            return updated;
        });
        if (rows == 0) {
            throw new NoSuchObjectException(uid);
        }
    }

    private static void filter(StringBuilder sql, List<Object> params, String column, @Nullable Object value) {
        if (value != null) {
            sql.append(" AND ").append(column).append(" = ?");
            params.add(value);
        }
    }

    /** A long text column's filter: its {@link IndexKey} column finds the rows, the value itself decides. */
    private static void keyedFilter(StringBuilder sql, List<Object> params, String column, @Nullable String value) {
        if (value != null) {
            sql.append(" AND ")
                    .append(column)
                    .append("_sha256 = ? AND ")
                    .append(column)
                    .append(" = ?");
            params.add(IndexKey.of(value));
            params.add(value);
        }
    }

    private static byte @Nullable [] nameKey(SearchFields f) {
        return f.name() == null ? null : IndexKey.of(f.name());
    }

    private StoredObject read(ResultSet rs) throws SQLException {
        String uid = rs.getString(1);
        Ttlv.Structure attributes;
        try {
            attributes = (Ttlv.Structure) decoder.decode(rs.getBytes(9));
        } catch (TtlvException | ClassCastException e) {
            throw new StoreException("stored attributes of object " + uid + " are corrupt: " + e.getMessage(), e);
        }
        OffsetDateTime destroyed = rs.getObject(13, OffsetDateTime.class);
        return new StoredObject(
                uid,
                rs.getInt(2),
                rs.getInt(3),
                rs.getString(4),
                new SearchFields(rs.getString(5), integer(rs, 6), integer(rs, 7), rs.getString(8)),
                attributes,
                rs.getBoolean(10),
                rs.getObject(11, OffsetDateTime.class).toInstant(),
                rs.getObject(12, OffsetDateTime.class).toInstant(),
                Optional.ofNullable(destroyed).map(OffsetDateTime::toInstant));
    }

    private static @Nullable Integer integer(ResultSet rs, int column) throws SQLException {
        int v = rs.getInt(column);
        return rs.wasNull() ? null : v;
    }

    private static void setInteger(PreparedStatement ps, int index, @Nullable Integer value) throws SQLException {
        if (value == null) {
            ps.setNull(index, Types.INTEGER);
        } else {
            ps.setInt(index, value);
        }
    }

    /** Microseconds: what both H2 and PostgreSQL timestamps hold, so a read-back equals what was written. */
    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MICROS);
    }

    static OffsetDateTime timestamp(Instant t) {
        return t.atOffset(ZoneOffset.UTC);
    }
}
