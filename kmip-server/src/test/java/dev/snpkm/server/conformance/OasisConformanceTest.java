package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every OASIS test case file in testdata/kmip/oasis-profiles (v1.4 and v2.1, mandatory and optional) against our
 * real server over TLS. A case listed in expected-failures.txt, with its reason, must still fail (so a fix forces the
 * list to shrink); every other case must pass; no mandatory case of a claimed profile may be listed. After a full run
 * the report lands in target/conformance/ (CONFORMANCE.md and a matching expected-failures.txt), and the committed
 * docs/CONFORMANCE.md must be what the run regenerates (with {@code -Dconformance.regenerate=true}, the run rewrites it).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class OasisConformanceTest {
    /** The system property that has the run rewrite docs/CONFORMANCE.md instead of comparing it. */
    static final String REGENERATE = "conformance.regenerate";

    private static final Path REPORT_DIR = Path.of("target", "conformance");

    private ServersPerProfile servers;
    private final ExpectedFailures expected = ExpectedFailures.load();
    private final List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void generatePki(@TempDir Path tempDir) {
        servers = new ServersPerProfile(tempDir);
    }

    @AfterAll
    void stopServersAndReport() throws IOException {
        servers.close();
        if (results.size() == everyCase().size()) {
            List<CaseResult> ordered = ordered();
            Files.createDirectories(REPORT_DIR);
            Files.writeString(REPORT_DIR.resolve("CONFORMANCE.md"), regenerated(ordered));
            Files.writeString(
                    REPORT_DIR.resolve("expected-failures.txt"), ConformanceReport.expectedFailures(ordered, expected));
        }
    }

    /** This run's results in the order of the case files. */
    private List<CaseResult> ordered() {
        List<ConformanceCase> order = everyCase();
        List<CaseResult> ordered = new ArrayList<>(results);
        ordered.sort((a, b) -> Integer.compare(order.indexOf(a.testCase()), order.indexOf(b.testCase())));
        return ordered;
    }

    /** The committed docs/CONFORMANCE.md with this run's generated parts. */
    private String regenerated(List<CaseResult> ordered) throws IOException {
        return ConformanceReport.regenerate(
                Files.readString(ConformanceReport.COMMITTED),
                ConformanceReport.sections(ordered, ServerUnderTest.DESCRIPTION, expected));
    }

    /**
     * After every case: the committed report is what this run regenerates, hand-written parts and all. Regeneration
     * dropped the hand-written sections after the Cases table (the report was written whole), so the documented
     * command lost them; and a report no run checks drifts from the runs.
     */
    @Test
    @Order(Integer.MAX_VALUE)
    void regeneratingTheReportGivesTheCommittedFile() throws IOException {
        assertThat(results)
                .as("every case ran before the report is compared")
                .hasSize(everyCase().size());
        String regenerated = regenerated(ordered());
        if (Boolean.getBoolean(REGENERATE)) {
            Files.writeString(ConformanceReport.COMMITTED, regenerated);
        }
        assertThat(Files.readString(ConformanceReport.COMMITTED))
                .as("docs/CONFORMANCE.md is not what this run regenerates; run this class with -D%s=true", REGENERATE)
                .isEqualTo(regenerated);
    }

    static List<ConformanceCase> everyCase() {
        return ClaimedCases.every();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCase")
    @Order(1)
    @Timeout(60)
    void caseResultMatchesTheExpectationsFile(ConformanceCase testCase) throws IOException {
        CaseResult result = new ConformanceRunner(TlsExchange.to(
                        servers.pki().clientContext(servers.pki().client()),
                        servers.serverFor(testCase).port()))
                .run(testCase);
        results.add(result);
        Optional<String> knownFailure = expected.reason(testCase.id());
        if (knownFailure.isPresent()) {
            assertThat(result.passed())
                    .as(
                            "%s now passes: remove it from %s (was: %s)",
                            testCase.id(), ExpectedFailures.RESOURCE, knownFailure.get())
                    .isFalse();
        } else {
            assertThat(result.passed())
                    .as("%s fails: %s", testCase.id(), result.reason())
                    .isTrue();
        }
    }

    @Test
    void everyExpectedFailureNamesACaseFile() {
        Set<String> files = everyCase().stream().map(ConformanceCase::id).collect(Collectors.toSet());

        assertThat(expected.caseIds())
                .allSatisfy(id -> assertThat(files).as("case files").contains(id));
    }

    @Test
    void noMandatoryCaseOfAClaimedProfileIsExpectedToFail() {
        List<String> claimed =
                ClaimedCases.all().stream().map(ConformanceCase::id).toList();

        assertThat(expected.caseIds()).doesNotContainAnyElementsOf(claimed);
    }

    @Test
    void runsEverySharedFileOfBothVersions() {
        List<ConformanceCase> cases = everyCase();

        assertThat(cases).hasSize(168);
        assertThat(cases.stream().filter(c -> c.version().equals("1.4"))).hasSize(75);
        assertThat(cases.stream().filter(c -> c.id().contains("-O-"))).hasSize(14);
    }

    @Test
    void claimsCoverEveryMandatoryCaseOfTheClaimedProfiles() {
        List<String> ids = ClaimedCases.all().stream().map(ConformanceCase::id).toList();

        // 2.1: BL 13 + SKLC 3 + SKFF 12 + AKLC 3 + OMOS 1 + SASED 3 + TL 3 + AX 2 + CS-BC 21 + CS-AC 18 + CS-RNG 1
        // + QS 2; 1.4: the same without BL and QS, and CS-BC 17 (no ChaCha20 cases).
        assertThat(ids)
                .hasSize(82 + 63)
                .contains(
                        "BL-M-1-21",
                        "BL-M-13-21",
                        "SKLC-M-3-21",
                        "TL-M-3-14",
                        "OMOS-M-1-14",
                        "SASED-M-3-21",
                        "AKLC-M-3-14",
                        "SKFF-M-12-14",
                        "AX-M-2-21",
                        "CS-AC-M-OAEP-10-21",
                        "CS-RNG-M-1-14",
                        "CS-BC-M-CHACHA20POLY1305-1-21",
                        "CS-BC-M-7-14",
                        "QS-M-1-21")
                .noneMatch(id -> id.startsWith("MSGENC") || id.startsWith("SUITEB"));
    }
}
