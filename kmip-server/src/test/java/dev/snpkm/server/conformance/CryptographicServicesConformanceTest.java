package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.testing.TestData;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The OASIS Cryptographic Services test cases (CS-BC, CS-AC, CS-RNG) this server passes, run against the real server
 * over TLS like {@link OasisConformanceTest}: every case listed in {@code conformance/cs-passing.txt} (files of the
 * OASIS KMIP Profiles 1.4 and 2.1 test cases in the repository's testdata/) must pass. To survey a full OASIS set,
 * point {@code -Dcs.cases.dir} at a directory holding {@code v1.4/} and {@code v2.1/} (such as
 * testdata/kmip/oasis-profiles): every CS case there is run, and target/conformance/CS-SURVEY.md lists each result
 * and the first differing step.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CryptographicServicesConformanceTest {
    static final String PASSING = "/conformance/cs-passing.txt";
    private static final Path REPORT = Path.of("target", "conformance", "CS-SURVEY.md");

    private ServersPerProfile servers;
    private final List<CaseResult> results = Collections.synchronizedList(new ArrayList<>());

    @BeforeAll
    void generatePki(@TempDir Path tempDir) {
        servers = new ServersPerProfile(tempDir);
    }

    @AfterAll
    void stopServersAndReport() throws IOException {
        servers.close();
        if (surveying()) {
            Files.createDirectories(REPORT.getParent());
            Files.writeString(
                    REPORT, ConformanceReport.markdown(new ArrayList<>(results), ServerUnderTest.DESCRIPTION));
        }
    }

    static boolean surveying() {
        return System.getProperty("cs.cases.dir") != null;
    }

    static List<ConformanceCase> cases() {
        List<ConformanceCase> out = surveying() ? survey(Path.of(System.getProperty("cs.cases.dir"))) : passing();
        out.sort(Comparator.comparing(ConformanceCase::version).thenComparing(ConformanceCase::id));
        return out;
    }

    /** The cases this server passes, from the listed files of the repository's OASIS set. */
    private static List<ConformanceCase> passing() {
        Path root = TestData.resolve("kmip/oasis-profiles");
        try (InputStream in = CryptographicServicesConformanceTest.class.getResourceAsStream(PASSING)) {
            if (in == null) {
                throw new IllegalStateException("test resource " + PASSING + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .lines()
                    .map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                    .map(l -> ConformanceCase.of(TestData.resolve("kmip/oasis-profiles/" + l)))
                    .collect(Collectors.toCollection(ArrayList::new));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + PASSING + " or " + root, e);
        }
    }

    /** Every CS case of a full set (v1.4/ and v2.1/, mandatory and optional). */
    private static List<ConformanceCase> survey(Path root) {
        List<ConformanceCase> out = new ArrayList<>();
        for (String version : List.of("v1.4", "v2.1")) {
            for (String kind : List.of("mandatory", "optional")) {
                Path d = root.resolve(version).resolve(kind);
                if (!Files.isDirectory(d)) {
                    continue;
                }
                try (Stream<Path> files = Files.list(d)) {
                    files.filter(f -> f.getFileName().toString().matches("CS-.*\\.xml"))
                            .map(ConformanceCase::of)
                            .forEach(out::add);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    @Timeout(60)
    void casePasses(ConformanceCase testCase) throws IOException {
        CaseResult result = new ConformanceRunner(TlsExchange.to(
                        servers.pki().clientContext(servers.pki().client()),
                        servers.serverFor(testCase).port()))
                .run(testCase);
        results.add(result);
        if (!surveying()) {
            assertThat(result.passed())
                    .as("%s fails: %s", testCase.id(), result.reason())
                    .isTrue();
        }
    }

    @Test
    void everyListedCaseIsInTheRepositoryWithItsNotice() {
        assertThat(Files.isRegularFile(TestData.resolve("kmip/NOTICE-OASIS.txt")))
                .isTrue();
        assertThat(passing()).hasSize(78);
    }
}
