package dev.snpkm.server.store;

import dev.snpkm.kmip.attribute.Attribute;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.attribute.Name;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.server.operations.attributes.StoredAttributes;
import dev.snpkm.server.testing.TempDirs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.List;
import java.util.function.IntFunction;

/**
 * What Locate's owner-or-granted scan costs on H2 (not a test): {@code objects} objects over 1 000 owners, every 7th
 * granted to one of 500 grantees, then the mean time of store Locates for one client (owner, or owner and grantee),
 * with and without a Name filter, and for reference the same narrowing written as one OR (a table scan on H2).
 *
 * <pre>
 * mvn -q -o -pl kmip-server -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "kmip-server/target/test-classes:kmip-server/target/classes:$(cat kmip-server/target/bench.classpath)" \
 *     dev.snpkm.server.store.LocateGrantsCost [objects=200000]
 * </pre>
 */
final class LocateGrantsCost {
    private static final int OWNERS = 1_000;
    private static final int GRANTEES = 500;
    private static final int WARM_UP = 20;
    private static final int MEASURED = 100;

    private LocateGrantsCost() {}

    public static void main(String[] args) throws Exception {
        int objects = args.length > 0 ? Integer.parseInt(args[0].replace("objects=", "")) : 200_000;
        Path dir = Files.createTempDirectory("locate-grants-cost");
        try (Database db = Database.openH2File(dir.resolve("store"))) {
            fill(db, objects);
            JdbcObjectStore store = StoreFixtures.store(db);
            System.out.printf(
                    "%d objects, %d owners, %d grantees, every 7th object granted%n", objects, OWNERS, GRANTEES);
            time("owner", i -> LocateQuery.all().owner(owner(i)), store);
            time("owner or granted", i -> LocateQuery.all().ownerOrGrantedTo(owner(i), grantees(i)), store);
            time("owner, Name", i -> LocateQuery.all().owner(owner(i)).name(name(i)), store);
            time(
                    "owner or granted, Name",
                    i -> LocateQuery.all()
                            .ownerOrGrantedTo(owner(i), grantees(i))
                            .name(name(i)),
                    store);
            timeOr(db);
        } finally {
            TempDirs.deleteTree(dir);
        }
    }

    private static String owner(int i) {
        return "CN=o" + (i % OWNERS);
    }

    private static List<String> grantees(int i) {
        return List.of("CN=g" + (i % GRANTEES), "f" + i);
    }

    /** A Name one object of owner(i) holds. */
    private static String name(int i) {
        return "n" + ((i % OWNERS) + OWNERS * 7);
    }

    private static void fill(Database db, int objects) {
        byte[] blob = TtlvEncoder.encode(StoredAttributes.encode(new Attributes(List.of(
                Attribute.of("Name", Name.text("bench")),
                Attribute.of("x-authorized-client", Ttlv.text(Tag.ATTRIBUTE_VALUE, "CN=g0"))))));
        db.transaction("fill", c -> {
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO managed_object (uid, object_type, state, "
                    + "owner, name, attributes, created_at, updated_at, owner_sha256, name_sha256) "
                    + "SELECT 'u' || X, ?, ?, 'CN=o' || MOD(X, ?), "
                    + "'n' || X, ?, DATEADD(MICROSECOND, X, TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z'), "
                    + "TIMESTAMP WITH TIME ZONE '2026-01-01 00:00:00Z', " // H2's HASH digests a text's UTF-8, as
                    // IndexKey
                    + "HASH('SHA-256', 'CN=o' || MOD(X, ?)), HASH('SHA-256', 'n' || X) FROM SYSTEM_RANGE(1, ?)")) {
                ps.setInt(1, StoreFixtures.SYMMETRIC_KEY);
                ps.setInt(2, StoreFixtures.ACTIVE);
                ps.setInt(3, OWNERS);
                ps.setBytes(4, blob);
                ps.setInt(5, OWNERS);
                ps.setInt(6, objects);
                ps.executeUpdate();
            }
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO object_grant (uid, grantee, grantee_sha256) "
                    + "SELECT 'u' || X, 'CN=g' || MOD(X, ?), HASH('SHA-256', 'CN=g' || MOD(X, ?)) "
                    + "FROM SYSTEM_RANGE(1, ?, 7)")) {
                ps.setInt(1, GRANTEES);
                ps.setInt(2, GRANTEES);
                ps.setInt(3, objects);
                ps.executeUpdate();
            }
            c.createStatement().execute("ANALYZE");
            return null;
        });
    }

    private static void time(String what, IntFunction<LocateQuery> query, JdbcObjectStore store) {
        long rows = 0;
        long start = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            if (i == WARM_UP) {
                start = System.nanoTime();
            }
            rows += store.locate(query.apply(i)).size(); // a new owner each time: no cached result
        }
        report(what, start, rows);
    }

    /** The same narrowing as one OR, uids only, for reference. */
    private static void timeOr(Database db) {
        long rows = 0;
        long start = 0;
        for (int i = 0; i < WARM_UP + MEASURED; i++) {
            if (i == WARM_UP) {
                start = System.nanoTime();
            }
            int n = i;
            rows += db.read("or", c -> {
                try (PreparedStatement ps = c.prepareStatement("SELECT uid FROM managed_object WHERE owner = ? OR uid "
                        + "IN (SELECT uid FROM object_grant WHERE grantee IN (?, ?)) ORDER BY created_at, uid")) {
                    ps.setString(1, owner(n));
                    ps.setString(2, grantees(n).get(0));
                    ps.setString(3, grantees(n).get(1));
                    int count = 0;
                    try (ResultSet rs = ps.executeQuery()) {
                        while (rs.next()) {
                            count++;
                        }
                    }
                    return count;
                }
            });
        }
        report("reference: one OR, uids only", start, rows);
    }

    private static void report(String what, long start, long rows) {
        System.out.printf(
                "%-32s %8.2f ms/Locate  %6.1f objects/Locate%n",
                what, (System.nanoTime() - start) / 1e6 / MEASURED, rows / (double) (WARM_UP + MEASURED));
    }
}
