package dev.snpkm.server.conformance;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The checked-in list of claimed test cases our server is known to fail, one per line: {@code CASE-ID reason}.
 * Blank lines and {@code #} comments are ignored. The suite requires every listed case to fail and every other case
 * to pass, so the list is always the truth.
 */
final class ExpectedFailures {
    static final String RESOURCE = "/conformance/expected-failures.txt";

    private final Map<String, String> reasons;

    private ExpectedFailures(Map<String, String> reasons) {
        this.reasons = reasons;
    }

    static ExpectedFailures none() {
        return new ExpectedFailures(Map.of());
    }

    static ExpectedFailures load() {
        try (InputStream in = ExpectedFailures.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing test resource " + RESOURCE);
            }
            return parse(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + RESOURCE + ": " + e.getMessage(), e);
        }
    }

    static ExpectedFailures parse(InputStream in) throws IOException {
        Map<String, String> reasons = new LinkedHashMap<>();
        BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
        int lineNumber = 0;
        for (String line = r.readLine(); line != null; line = r.readLine()) {
            lineNumber++;
            String t = line.strip();
            if (t.isEmpty() || t.startsWith("#")) {
                continue;
            }
            String[] parts = t.split("\\s+", 2);
            if (parts.length < 2) {
                throw new IllegalStateException(
                        RESOURCE + " line " + lineNumber + ": '" + t + "' needs a reason after the case id");
            }
            if (reasons.put(parts[0], parts[1]) != null) {
                throw new IllegalStateException(RESOURCE + " line " + lineNumber + ": " + parts[0] + " listed twice");
            }
        }
        return new ExpectedFailures(reasons);
    }

    Optional<String> reason(String caseId) {
        return Optional.ofNullable(reasons.get(caseId));
    }

    java.util.Set<String> caseIds() {
        return reasons.keySet();
    }
}
