package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.testing.TestData;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXml;
import dev.snpkm.kmip.xml.KmipXmlTestCase;
import dev.snpkm.server.testing.HttpBody;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The mandatory cases of the HTTPS, JSON and XML Server profiles (KMIP Profiles 2.1 §5.3–5.5; v1.4 and v2.1) over the
 * server's real HTTPS endpoint, each in the encoding its profile names: MSGENC-HTTPS posts TTLV, MSGENC-JSON JSON and
 * MSGENC-XML XML.
 *
 * <p>Each case is a Query for Operations and Objects, first with a Maximum Response Size too small for the answer
 * (Response Too Large), then with room. The reference answer lists every operation and object type of the reference
 * implementation (Poll, Cancel, Put, PGP Key, ...): that list describes a server, not the encoding under test. So the
 * list entries this server does not name in its own answer over TTLV are taken out of the expected answer (and
 * reported); everything else of the case is compared as in {@link OasisConformanceTest}, and the answer over HTTPS must
 * list at least what the TTLV answer lists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OasisHttpsConformanceTest {
    private static final Map<String, HttpBody> ENCODING_OF_PROFILE =
            Map.of("MSGENC-HTTPS", HttpBody.TTLV, "MSGENC-JSON", HttpBody.JSON, "MSGENC-XML", HttpBody.XML);
    private static final Pattern LISTED =
            Pattern.compile("^\\s*<(Operation|ObjectType) type=\"Enumeration\" value=\"(\\w+)\"/>\\s*$");

    private Path tempDir;
    private ServersPerProfile servers;

    @BeforeAll
    void generatePki(@TempDir Path dir) {
        tempDir = dir;
        servers = new ServersPerProfile(dir.resolve("servers"));
    }

    @AfterAll
    void stopServers() {
        servers.close();
    }

    static List<ConformanceCase> messageEncodingCases() {
        Path profiles = TestData.resolve("kmip/oasis-profiles");
        return Stream.of("2.1", "1.4")
                .flatMap(v -> Stream.of("HTTPS", "JSON", "XML")
                        .map(p -> profiles.resolve(
                                "v" + v + "/mandatory/MSGENC-" + p + "-M-1-" + v.replace(".", "") + ".xml")))
                .map(ConformanceCase::of)
                .toList();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("messageEncodingCases")
    @Timeout(60)
    void casePassesOverHttpsInItsProfilesEncoding(ConformanceCase testCase) throws Exception {
        HttpBody encoding = ENCODING_OF_PROFILE.get(testCase.profile());
        int port = servers.serverFor(testCase).port();
        Set<String> listedByServer = listedOverTtlv(testCase, port);
        List<String> removed = new ArrayList<>();
        ConformanceCase adjusted = withServerListing(testCase, listedByServer, removed);

        CaseResult result = new ConformanceRunner(HttpsExchange.to(
                        servers.pki().clientContext(servers.pki().client()), port, encoding))
                .run(adjusted);

        assertThat(result.passed())
                .as("%s over HTTPS (%s): %s", testCase.id(), encoding, result.reason())
                .isTrue();
        assertThat(removed)
                .as("reference-only list entries (%s)", removed)
                .doesNotContain("Query", "Locate", "Get", "Create", "Register", "SymmetricKey");
    }

    /** The Operation and Object Type names this server lists over TTLV, for the case's second Query. */
    private Set<String> listedOverTtlv(ConformanceCase testCase, int port) throws Exception {
        List<Ttlv> messages = KmipXmlTestCase.load(testCase.file(), new CasePlaceholders(Instant.now()));
        try (KmipExchange ttlv = TlsExchange.to(
                        servers.pki().clientContext(servers.pki().client()), port)
                .open()) {
            Ttlv answer = ttlv.roundTrip(messages.get(2));
            KmipVersion version = KmipVersion.parse(testCase.version());
            return KmipXml.render(answer, version)
                    .lines()
                    .map(LISTED::matcher)
                    .filter(Matcher::matches)
                    .map(m -> m.group(2))
                    .collect(Collectors.toSet());
        }
    }

    /** A copy of the case whose expected lists keep only what this server lists; what went is added to removed. */
    private ConformanceCase withServerListing(ConformanceCase testCase, Set<String> listed, List<String> removed)
            throws Exception {
        boolean inPayload = false;
        List<String> kept = new ArrayList<>();
        for (String line : Files.readAllLines(testCase.file())) {
            inPayload = line.contains("<ResponsePayload>") || (inPayload && !line.contains("</ResponsePayload>"));
            Matcher m = LISTED.matcher(line);
            if (inPayload && m.matches() && !listed.contains(m.group(2))) {
                removed.add(m.group(2));
                continue;
            }
            kept.add(line);
        }
        Path copy = tempDir.resolve("cases/v" + testCase.version() + "/mandatory")
                .resolve(testCase.file().getFileName());
        Files.createDirectories(copy.getParent());
        Files.write(copy, kept);
        return ConformanceCase.of(copy);
    }
}
