package dev.snpkm.appliance.cli;

import dev.snpkm.kmip.attribute.AttributeNames;
import dev.snpkm.kmip.attribute.Attributes;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/** {@code keys list} as a table: one row per key, columns padded to their widest cell. */
final class KeyTable {
    private record Column(String header, Function<Attributes, String> cell) {}

    private static final List<Column> COLUMNS = List.of(
            new Column("NAME", a -> text(a, AttributeNames.NAME)),
            new Column("OWNER", a -> text(a, AttributeNames.X_OWNER)),
            new Column("STATE", a -> text(a, AttributeNames.STATE)),
            new Column("POLICY", a -> text(a, AttributeNames.X_ATTESTATION_POLICY)),
            new Column("CREATED", a -> text(a, AttributeNames.INITIAL_DATE)));

    /** What Get Attributes must return for the columns (named: an unnamed request returns only standard ones). */
    static final List<String> ATTRIBUTES = List.of(
            AttributeNames.NAME,
            AttributeNames.X_OWNER,
            AttributeNames.STATE,
            AttributeNames.X_ATTESTATION_POLICY,
            AttributeNames.INITIAL_DATE);

    private final List<List<String>> rows = new ArrayList<>();

    void add(String uid, Attributes attributes) {
        List<String> row = new ArrayList<>(List.of(uid));
        COLUMNS.forEach(c -> row.add(c.cell().apply(attributes)));
        rows.add(row);
    }

    void print(PrintWriter out) {
        List<String> header = new ArrayList<>(List.of("UID"));
        COLUMNS.forEach(c -> header.add(c.header()));
        int[] width = new int[header.size()];
        for (List<String> row : concat(header)) {
            for (int i = 0; i < row.size(); i++) {
                width[i] = Math.max(width[i], row.get(i).length());
            }
        }
        for (List<String> row : concat(header)) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < row.size(); i++) {
                line.append(i == row.size() - 1 ? row.get(i) : String.format("%-" + width[i] + "s  ", row.get(i)));
            }
            out.println(line.toString().stripTrailing());
        }
    }

    private List<List<String>> concat(List<String> header) {
        List<List<String>> all = new ArrayList<>();
        all.add(header);
        all.addAll(rows);
        return all;
    }

    private static String text(Attributes attributes, String name) {
        return attributes.first(name).map(AttributeText::of).orElse("-");
    }
}
