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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Runs every OASIS test case file in testdata/kmip/oasis-profiles (v1.4 and v2.1, mandatory and optional) against our
 * real server over TLS. A case listed in expected-failures.txt, with its reason, must still fail (so a fix forces the
 * list to shrink); every other case must pass; no mandatory case of a claimed profile may be listed. After a full run
 * the report lands in target/conformance/ (CONFORMANCE.md and a matching expected-failures.txt).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OasisConformanceTest {
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
        List<ConformanceCase> order = everyCase();
        if (results.size() == order.size()) {
            List<CaseResult> ordered = new ArrayList<>(results);
            ordered.sort((a, b) -> Integer.compare(order.indexOf(a.testCase()), order.indexOf(b.testCase())));
            Files.createDirectories(REPORT_DIR);
            Files.writeString(
                    REPORT_DIR.resolve("CONFORMANCE.md"),
                    ConformanceReport.markdown(ordered, ServerUnderTest.DESCRIPTION, expected));
            Files.writeString(
                    REPORT_DIR.resolve("expected-failures.txt"), ConformanceReport.expectedFailures(ordered, expected));
        }
    }

    static List<ConformanceCase> everyCase() {
        return ClaimedCases.every();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("everyCase")
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
