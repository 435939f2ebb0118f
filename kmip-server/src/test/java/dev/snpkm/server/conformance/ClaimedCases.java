package dev.snpkm.server.conformance;

import dev.snpkm.kmip.testing.TestData;
import dev.snpkm.server.operations.ClaimedProfiles;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The OASIS test case files in testdata/kmip/oasis-profiles ({@code v1.4/} and {@code v2.1/}, mandatory and
 * optional), and which of them are the mandatory cases of the profiles we claim (KMIP Profiles 2.1 §6: a conformance
 * clause requires all of a profile's mandatory cases), as {@link ClaimedProfiles} lists them: the same table Query
 * Profiles answers from.
 */
final class ClaimedCases {
    static final Set<String> PROFILES_21 = prefixes("2.1");
    static final Set<String> PROFILES_14 = prefixes("1.4");

    private ClaimedCases() {}

    private static Set<String> prefixes(String version) {
        return ClaimedProfiles.all().stream()
                .filter(c -> c.version().equals(version))
                .map(ClaimedProfiles.Claim::casePrefix)
                .collect(java.util.stream.Collectors.toUnmodifiableSet());
    }

    /** The mandatory cases of the claimed profiles. */
    static List<ConformanceCase> all() {
        return every().stream().filter(ClaimedCases::claimed).toList();
    }

    /** Every case file of both versions, grouped by version and profile, in case-number order within a profile. */
    static List<ConformanceCase> every() {
        Path profiles = TestData.resolve("kmip/oasis-profiles");
        List<ConformanceCase> cases = new ArrayList<>();
        for (String version : List.of("v2.1", "v1.4")) {
            for (String kind : List.of("mandatory", "optional")) {
                cases.addAll(in(profiles.resolve(version).resolve(kind)));
            }
        }
        List<String> versions = List.of("2.1", "1.4");
        cases.sort(Comparator.comparing((ConformanceCase c) -> versions.indexOf(c.version()))
                .thenComparing(ConformanceCase::profile)
                .thenComparing(c -> c.id().contains("-O-"))
                .thenComparing(ClaimedCases::variant)
                .thenComparingInt(ClaimedCases::number));
        return cases;
    }

    /** Whether a case is mandatory for a profile we claim in its version. */
    static boolean claimed(ConformanceCase c) {
        Set<String> claimed = c.version().equals("2.1") ? PROFILES_21 : PROFILES_14;
        return c.id().contains("-M-") && claimed.contains(c.profile());
    }

    private static List<ConformanceCase> in(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".xml"))
                    .map(ConformanceCase::of)
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /** The sub-family of a case, such as OAEP in CS-AC-M-OAEP-3-14; empty for most. */
    private static String variant(ConformanceCase c) {
        String rest = c.id().substring(c.profile().length() + 3);
        int dash = rest.lastIndexOf('-', rest.lastIndexOf('-') - 1);
        return dash < 0 ? "" : rest.substring(0, dash);
    }

    private static int number(ConformanceCase c) {
        String[] parts = c.id().split("-");
        return Integer.parseInt(parts[parts.length - 2]);
    }
}
