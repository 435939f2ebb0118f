package dev.snpkm.appliance.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snpkm.appliance.testing.ApplianceProcess;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** No Docker engine here: the Dockerfile is checked as text against the command the process tests run. */
class DockerfileTest {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

    private static List<String> instructions() throws Exception {
        // Join continuation lines, drop comments.
        String text = Files.readString(ROOT.resolve("Dockerfile")).replace("\\\n", " ");
        List<String> out = new ArrayList<>();
        for (String line : text.split("\n")) {
            if (!line.isBlank() && !line.strip().startsWith("#")) {
                out.add(line.strip());
            }
        }
        return out;
    }

    private static String last(String keyword) throws Exception {
        List<String> hits =
                instructions().stream().filter(l -> l.startsWith(keyword + " ")).toList();
        assertThat(hits).as(keyword).isNotEmpty();
        return hits.get(hits.size() - 1).substring(keyword.length() + 1).strip();
    }

    @Test
    void entrypointIsTheCommandTheProcessTestsRun() throws Exception {
        String[] entry = new ObjectMapper().readValue(last("ENTRYPOINT"), String[].class);
        assertThat(Arrays.asList(entry))
                .isEqualTo(ApplianceProcess.productionCommand(
                        "java", "/opt/snpkm/snpkm-appliance.jar", "/etc/snpkm/appliance.yaml", "/var/lib/snpkm"));
    }

    @Test
    void runsAsANonRootUserWithVolumesPortsAndAHealthcheck() throws Exception {
        String user = last("USER");
        assertThat(user).isNotIn("root", "0", "0:0");
        assertThat(instructions())
                .anyMatch(l -> l.startsWith("FROM maven:3-eclipse-temurin-17@sha256:"))
                .anyMatch(l -> l.startsWith("FROM eclipse-temurin:17-jre@sha256:"));
        assertThat(last("EXPOSE").split("\\s+")).contains("5696", "9696");
        assertThat(last("VOLUME")).contains("/var/lib/snpkm", "/etc/snpkm");
        assertThat(last("HEALTHCHECK")).contains("--healthcheck", "dev.snpkm.appliance.Appliance");
    }

    @Test
    void systemdUnitStartsTheSameCommand() throws Exception {
        String unit = Files.readString(ROOT.resolve("packaging/snpkm-appliance.service"));
        String exec = unit.lines()
                .filter(l -> l.startsWith("ExecStart="))
                .findFirst()
                .orElseThrow()
                .substring("ExecStart=".length());
        List<String> expected = new ArrayList<>(ApplianceProcess.productionCommand(
                "/usr/bin/java", "/opt/snpkm/snpkm-appliance.jar", "/etc/snpkm/appliance.yaml", "/var/lib/snpkm"));
        assertThat(Arrays.asList(exec.split(" "))).isEqualTo(expected);
        assertThat(unit).contains("User=snpkm", "RestartPreventExitStatus=2");
    }

    @Test
    void everyBaseImageIsPinnedByDigest() throws Exception {
        List<String> froms =
                instructions().stream().filter(l -> l.startsWith("FROM ")).toList();
        assertThat(froms).hasSize(2).allMatch(l -> l.matches("FROM \\S+@sha256:[0-9a-f]{64}( AS \\w+)?"), "pinned");
    }

    @Test
    void theBuildContextExcludesLocalStateAndSecrets() throws Exception {
        List<String> ignored = Files.readAllLines(ROOT.resolve(".dockerignore")).stream()
                .map(String::strip)
                .filter(l -> !l.isEmpty() && !l.startsWith("#"))
                .toList();
        assertThat(ignored)
                .contains(".git", "data/", "target/", "**/target/", "*.key", "**/*.key", "*.token", "**/*.token");
    }

    @Test
    void grafanaDashboardQueriesKeyReleasesByPolicyResultAndReason() throws Exception {
        var dashboard = new ObjectMapper()
                .readTree(ROOT.resolve("packaging/grafana/key-releases.json").toFile());
        String exprs = dashboard.findValuesAsText("expr").toString();
        assertThat(exprs).contains("kmip_key_releases_total", "policy", "result", "reason");
    }
}
