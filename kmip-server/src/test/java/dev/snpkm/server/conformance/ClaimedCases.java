package dev.snpkm.server.conformance;

import dev.snpkm.kmip.testing.TestData;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The mandatory OASIS test cases of the profiles we claim (KMIP Profiles 2.1 §6: a conformance clause requires all of
 * a profile's mandatory cases): for KMIP 2.1 Baseline (BL-M-1..13), Symmetric and Asymmetric Key Lifecycle, Opaque
 * Managed Object Store, Storage Array with SED, Tape Library; for 1.4 the same minus Baseline, which 1.4 does not
 * ship as test cases.
 */
final class ClaimedCases {
    static final Set<String> PROFILES_21 = Set.of("BL", "SKLC", "AKLC", "OMOS", "SASED", "TL");
    static final Set<String> PROFILES_14 = Set.of("SKLC", "AKLC", "OMOS", "SASED", "TL");
    private static final Pattern NAME = Pattern.compile("([A-Z]+)-M-([0-9]+)-(14|21)\\.xml");

    private ClaimedCases() {}

    static List<ConformanceCase> all() {
        Path profiles = TestData.resolve("kmip/oasis-profiles");
        List<ConformanceCase> cases = new ArrayList<>(in(profiles.resolve("v2.1/mandatory"), PROFILES_21));
        cases.addAll(in(profiles.resolve("v1.4/mandatory"), PROFILES_14));
        return cases;
    }

    private static List<ConformanceCase> in(Path dir, Set<String> profiles) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> {
                        Matcher m = NAME.matcher(f.getFileName().toString());
                        return m.matches() && profiles.contains(m.group(1));
                    })
                    .map(ConformanceCase::of)
                    .sorted(Comparator.comparing(ConformanceCase::profile).thenComparingInt(ClaimedCases::number))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    private static int number(ConformanceCase c) {
        Matcher m = NAME.matcher(c.file().getFileName().toString());
        return m.matches() ? Integer.parseInt(m.group(2)) : 0;
    }
}
