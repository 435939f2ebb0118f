package dev.snpkm.appliance;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.appliance.testing.TestConfigs;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmip.https on the real appliance: with it on, curl and the bootstrapped administrator certificate speak KMIP over
 * HTTPS (JSON and XML here) to the KMIP port, which still speaks TTLV; with the default (off), the same POST is TTLV
 * that fails to frame and the connection is closed.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HttpsApplianceProcessIT {
    private static final String DISCOVER_VERSIONS_JSON = """
            {"tag": "RequestMessage", "value": [
              {"tag": "RequestHeader", "value": [
                {"tag": "ProtocolVersion", "value": [
                  {"tag": "ProtocolVersionMajor", "type": "Integer", "value": 2},
                  {"tag": "ProtocolVersionMinor", "type": "Integer", "value": 1}]},
                {"tag": "BatchCount", "type": "Integer", "value": 1}]},
              {"tag": "BatchItem", "value": [
                {"tag": "Operation", "type": "Enumeration", "value": "DiscoverVersions"},
                {"tag": "RequestPayload", "value": []}]}]}
            """;
    private static final String QUERY_XML = """
            <RequestMessage>
              <RequestHeader>
                <ProtocolVersion>
                  <ProtocolVersionMajor type="Integer" value="1"/>
                  <ProtocolVersionMinor type="Integer" value="4"/>
                </ProtocolVersion>
                <BatchCount type="Integer" value="1"/>
              </RequestHeader>
              <BatchItem>
                <Operation type="Enumeration" value="Query"/>
                <RequestPayload>
                  <QueryFunction type="Enumeration" value="QueryOperations"/>
                </RequestPayload>
              </BatchItem>
            </RequestMessage>
            """;

    @TempDir
    Path tmp;

    @Test
    void withHttpsOnCurlSpeaksJsonAndXmlToTheKmipPort() throws Exception {
        Path config = Files.writeString(
                tmp.resolve("appliance.yaml"), TestConfigs.loopbackWithKmipKeys("  https:\n    enabled: true\n"));
        DataDirectory data = new DataDirectory(tmp.resolve("data"));
        try (ApplianceProcess appliance = ApplianceProcess.start(config, data.root())) {
            int port = appliance.awaitReady().kmipPort();
            appliance.awaitLine(
                    l -> l.contains("event=kmip_listening") && l.contains("https=POST /kmip"), Duration.ofSeconds(10));

            String json = curl(data, port, "application/json", DISCOVER_VERSIONS_JSON);
            assertThat(json)
                    .startsWith("200 application/json\n")
                    .contains("\"tag\": \"ResultStatus\", \"type\": \"Enumeration\", \"value\": \"Success\"")
                    .contains("\"tag\": \"ProtocolVersionMinor\", \"type\": \"Integer\", \"value\": 1");

            String xml = curl(data, port, "text/xml", QUERY_XML);
            assertThat(xml)
                    .startsWith("200 text/xml\n")
                    .contains("<ProtocolVersionMinor type=\"Integer\" value=\"4\"/>")
                    .contains("<Operation type=\"Enumeration\" value=\"Get\"/>");
        }
    }

    @Test
    void byDefaultTheKmipPortSpeaksOnlyTtlv() throws Exception {
        Path config = Files.writeString(tmp.resolve("appliance.yaml"), TestConfigs.loopback(""));
        DataDirectory data = new DataDirectory(tmp.resolve("data"));
        try (ApplianceProcess appliance = ApplianceProcess.start(config, data.root())) {
            int port = appliance.awaitReady().kmipPort();

            String refused = curl(data, port, "application/json", DISCOVER_VERSIONS_JSON);
            assertThat(refused).as("no HTTP answer: the connection is closed").startsWith("000");
            appliance.awaitLine(l -> l.contains("event=framing_lost"), Duration.ofSeconds(10));
        }
    }

    /** "status content-type\nbody" of curl POSTing {@code body} with the bootstrapped administrator certificate. */
    private String curl(DataDirectory data, int port, String contentType, String body) throws Exception {
        Path request = Files.writeString(tmp.resolve("request"), body);
        Path out = tmp.resolve("response");
        Files.deleteIfExists(out);
        List<String> command = new ArrayList<>(List.of(
                "curl",
                "-sS",
                "--max-time",
                "20",
                "--cacert",
                data.caCertificate().toString(),
                "--cert",
                data.adminCertificate().toString(),
                "--key",
                data.adminKey().toString(),
                "-H",
                "Content-Type: " + contentType,
                "--data-binary",
                "@" + request,
                "-o",
                out.toString(),
                "-w",
                "%{http_code} %{content_type}",
                "https://127.0.0.1:" + port + "/kmip"));
        Process p = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.DISCARD)
                .start();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).as("curl finished").isTrue();
        String written = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String response = Files.exists(out) ? Files.readString(out) : "";
        return written + "\n" + response;
    }
}
