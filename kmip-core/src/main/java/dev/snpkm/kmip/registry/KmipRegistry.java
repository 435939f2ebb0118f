package dev.snpkm.kmip.registry;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * The KMIP tag and enumeration tables, loaded from the specification's own tables (the CSV resources beside this
 * class, {@code kmip-tags.csv} and {@code kmip-enums.csv}, extracted from the tag and enumeration tables of the KMIP
 * 1.0-2.1 specifications) rather than hand-written constants.
 * Immutable and shared: use {@link #get()}.
 */
public final class KmipRegistry {
    /** Tags whose Integer value is a bit mask rendered as names (KMIP 2.1 §11: the "Mask" enumerations). */
    private static final Set<String> MASKS =
            Set.of("Cryptographic Usage Mask", "Storage Status Mask", "Protection Storage Mask");

    private static final KmipRegistry INSTANCE = load();

    private final Map<Integer, TagInfo> tagsByValue;
    private final Map<String, TagInfo> tagsByName;
    private final Map<String, List<EnumValue>> enumerations;

    private KmipRegistry(
            Map<Integer, TagInfo> tagsByValue,
            Map<String, TagInfo> tagsByName,
            Map<String, List<EnumValue>> enumerations) {
        this.tagsByValue = tagsByValue;
        this.tagsByName = tagsByName;
        this.enumerations = enumerations;
    }

    public static KmipRegistry get() {
        return INSTANCE;
    }

    /** The tag with this value, if the specification defines it. */
    public Optional<TagInfo> tag(int value) {
        return Optional.ofNullable(tagsByValue.get(value));
    }

    /** The tag with this specification name ("Object Type") or encoding name ("ObjectType"). */
    public Optional<TagInfo> tagByName(String name) {
        return Optional.ofNullable(tagsByName.get(name));
    }

    /** The tag value for a name; throws with the unknown name if there is none. */
    public int tagValue(String name) {
        return tagByName(name)
                .orElseThrow(() -> new IllegalArgumentException("unknown KMIP tag name '" + name + "'"))
                .value();
    }

    public Collection<TagInfo> tags() {
        return Collections.unmodifiableCollection(tagsByValue.values());
    }

    /** The names of all enumerations, e.g. "Object Type". */
    public Set<String> enumerationNames() {
        return Collections.unmodifiableSet(enumerations.keySet());
    }

    /** All defined values of an enumeration (reserved and extension placeholders excluded), any version. */
    public List<EnumValue> values(String enumeration) {
        return enumerations.getOrDefault(enumeration, List.of());
    }

    /**
     * The value named {@code name} (specification or encoding name) in the enumeration, preferring the one defined in
     * {@code version} when a value was renamed or renumbered between versions.
     */
    public Optional<EnumValue> valueByName(String enumeration, String name, @Nullable KmipVersion version) {
        EnumValue fallback = null;
        for (EnumValue v : values(enumeration)) {
            if (v.name().equals(name) || v.encodingName().equals(name)) {
                if (version == null || v.existsIn(version)) {
                    return Optional.of(v);
                }
                fallback = fallback == null ? v : fallback;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** The value of the enumeration with this wire value, preferring the one defined in {@code version}. */
    public Optional<EnumValue> valueOf(String enumeration, int value, @Nullable KmipVersion version) {
        EnumValue fallback = null;
        for (EnumValue v : values(enumeration)) {
            if (v.value() == value) {
                if (version == null || v.existsIn(version)) {
                    return Optional.of(v);
                }
                fallback = fallback == null ? v : fallback;
            }
        }
        return Optional.ofNullable(fallback);
    }

    /** Whether the enumeration is a bit mask carried as an Integer. */
    public boolean isMask(String enumeration) {
        return MASKS.contains(enumeration);
    }

    /**
     * The enumeration that gives meaning to an item with this tag, if any: the one of the same name (KMIP names an
     * Enumeration-typed field after its enumeration), or a shared one ("Mask Generator Hashing Algorithm" is a
     * "Hashing Algorithm").
     */
    public Optional<String> enumerationForTag(int tag) {
        TagInfo info = tagsByValue.get(tag);
        if (info == null) {
            return Optional.empty();
        }
        if (enumerations.containsKey(info.name())) {
            return Optional.of(info.name());
        }
        return Optional.ofNullable(SHARED_ENUMERATIONS.get(info.name()));
    }

    /** Tags whose values come from an enumeration with another name. */
    private static final Map<String, String> SHARED_ENUMERATIONS = Map.of(
            "Mask Generator Hashing Algorithm", "Hashing Algorithm",
            "Linked Object Identifier", "Unique Identifier",
            "Private Key Unique Identifier", "Unique Identifier",
            "Public Key Unique Identifier", "Unique Identifier",
            "Protection Storage Masks", "Protection Storage Mask",
            "Storage Status Mask", "Storage Status Mask");

    private static KmipRegistry load() {
        Map<Integer, TagInfo> byValue = new LinkedHashMap<>();
        Map<String, TagInfo> byName = new HashMap<>();
        for (String[] row : readCsv("kmip-tags.csv")) {
            int value = Integer.parseInt(row[0].substring(2), 16);
            TagInfo info = new TagInfo(
                    value,
                    row[1],
                    NameNormalizer.normalize(row[1]),
                    KmipVersion.parse(row[2]),
                    KmipVersion.parse(row[3]));
            // A renamed tag keeps its newest name; the older spelling stays findable by name.
            byValue.merge(value, info, (a, b) -> b.lastVersion().compareTo(a.lastVersion()) >= 0 ? b : a);
            byName.putIfAbsent(info.name(), info);
            byName.putIfAbsent(info.encodingName(), info);
        }
        Map<String, List<EnumValue>> enums = new LinkedHashMap<>();
        for (String[] row : readCsv("kmip-enums.csv")) {
            String hex = row[1].replaceAll("[^0-9A-Fa-fXx].*$", "");
            String name = row[2];
            if (hex.length() != 8 || hex.contains("X") || name.startsWith("(")) {
                continue; // extension-range placeholder, reserved or damaged row: not a nameable value
            }
            EnumValue v = new EnumValue(
                    row[0],
                    (int) Long.parseLong(hex, 16),
                    name,
                    NameNormalizer.normalize(name),
                    KmipVersion.parse(row[3]),
                    KmipVersion.parse(row[4]));
            enums.computeIfAbsent(row[0], k -> new ArrayList<>()).add(v);
        }
        enums.replaceAll((k, list) -> List.copyOf(list));
        return new KmipRegistry(Map.copyOf(byValue), Map.copyOf(byName), Map.copyOf(enums));
    }

    private static List<String[]> readCsv(String resource) {
        try (InputStream in = KmipRegistry.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing registry resource " + resource);
            }
            BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            List<String[]> rows = new ArrayList<>();
            r.readLine(); // header
            for (String line; (line = r.readLine()) != null; ) {
                if (!line.isBlank()) {
                    rows.add(line.split(",", -1));
                }
            }
            return rows;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
