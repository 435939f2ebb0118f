package dev.snpkm.server.conformance;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The identifiers the server returned in one test case: {@code $UNIQUE_IDENTIFIER_n} is the n-th one (Profiles 2.1
 * §5.4.1.2). Learned from responses where the expected value is the placeholder; substituted into later requests.
 */
final class LearnedIdentifiers {
    private static final Pattern UNIQUE_IDENTIFIER = Pattern.compile("\\$UNIQUE_IDENTIFIER_([0-9]+)");

    private final Map<Integer, String> values;

    LearnedIdentifiers() {
        this(new HashMap<>());
    }

    private LearnedIdentifiers(Map<Integer, String> values) {
        this.values = values;
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
        return known.equals(actual) ? null
                : "expected $UNIQUE_IDENTIFIER_" + n + " (= '" + known + "'), got '" + actual + "'";
    }

    /** A scratch copy for trial matches; {@link #adopt} commits it. */
    LearnedIdentifiers copy() {
        return new LearnedIdentifiers(new HashMap<>(values));
    }

    void adopt(LearnedIdentifiers trial) {
        values.putAll(trial.values);
    }

    int size() {
        return values.size();
    }
}
