package dev.snpkm.server.conformance;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identifiers the server returned in one test case: {@code $UNIQUE_IDENTIFIER_n} is the n-th one (Profiles 2.1
 * §5.4.1.2). Learned from responses where the expected value is the placeholder; substituted into later requests.
 * Other server-produced byte values ({@code $IV_COUNTER_NONCE}, {@code $DATA_n}, {@code $SIGNATURE_DATA},
 * {@code $MAC_DATA}, {@code $CORRELATION_VALUE}) are learned the same way, the latest value of each name winning; where
 * the expected response gives the reference's literal value instead, the placeholder names the server's value by its
 * tag ({@code $MAC_DATA}: the latest MAC Data the server returned; {@code $DATA_0}: the first Data).
 */
final class LearnedIdentifiers {
    private static final Pattern UNIQUE_IDENTIFIER = Pattern.compile("\\$UNIQUE_IDENTIFIER_([0-9]+)");

    private final Map<Integer, String> values;
    private final Map<String, byte[]> bytes;
    private final Map<String, List<byte[]>> byTag = new HashMap<>();
    private static final Pattern TAG_PLACEHOLDER = Pattern.compile("\\$([A-Z_]+?)(?:_([0-9]+))?");

    LearnedIdentifiers() {
        this(new HashMap<>(), new HashMap<>());
    }

    private LearnedIdentifiers(Map<Integer, String> values, Map<String, byte[]> bytes) {
        this.values = values;
        this.bytes = bytes;
    }

    /** Remembers the byte value the server produced for a placeholder such as {@code $SIGNATURE_DATA}. */
    void acceptBytes(String placeholder, byte[] value) {
        bytes.put(placeholder, value.clone());
    }

    /** Remembers a byte value the server returned, by its tag name in placeholder form ("MAC Data": MAC_DATA). */
    void observe(String tagName, byte[] value) {
        byTag.computeIfAbsent(placeholderName(tagName), k -> new ArrayList<>()).add(value.clone());
    }

    /** The value for a byte placeholder: learned under that name, else by tag ($NAME: latest, $NAME_n: n-th). */
    Optional<byte[]> bytes(String placeholder) {
        byte[] learned = bytes.get(placeholder);
        if (learned != null) {
            return Optional.of(learned.clone());
        }
        Matcher m = TAG_PLACEHOLDER.matcher(placeholder);
        if (!m.matches()) {
            return Optional.empty();
        }
        List<byte[]> seen = byTag.getOrDefault(m.group(1), List.of());
        int n = m.group(2) == null ? seen.size() - 1 : Integer.parseInt(m.group(2));
        return n >= 0 && n < seen.size() ? Optional.of(seen.get(n).clone()) : Optional.empty();
    }

    static String placeholderName(String tagName) {
        return tagName.toUpperCase(Locale.ROOT).replaceAll("[^A-Z0-9]+", "_");
    }

    /** The index n of a {@code $UNIQUE_IDENTIFIER_n} placeholder, empty for any other text. */
    static Optional<Integer> indexOf(String placeholder) {
        Matcher m = UNIQUE_IDENTIFIER.matcher(placeholder);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    Optional<String> get(int n) {
        return Optional.ofNullable(values.get(n));
    }

    /**
     * Accepts the server's value for placeholder n: learns it the first time, afterwards requires the same value.
     *
     * @return null if accepted, else why not
     */
    String accept(int n, String actual) {
        String known = values.get(n);
        if (known == null) {
            values.put(n, actual);
            return null;
        }
        return known.equals(actual)
                ? null
                : "expected $UNIQUE_IDENTIFIER_" + n + " (= '" + known + "'), got '" + actual + "'";
    }

    /** A scratch copy for trial matches; {@link #adopt} commits it. */
    LearnedIdentifiers copy() {
        return new LearnedIdentifiers(new HashMap<>(values), new HashMap<>(bytes));
    }

    void adopt(LearnedIdentifiers trial) {
        values.putAll(trial.values);
        bytes.putAll(trial.bytes);
    }

    int size() {
        return values.size();
    }
}
