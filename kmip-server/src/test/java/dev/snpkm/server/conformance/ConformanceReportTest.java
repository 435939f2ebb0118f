package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Regenerating docs/CONFORMANCE.md rewrites its generated parts and keeps the hand-written ones: the report was written
 * whole, so the documented regeneration dropped every section after the Cases table. (OasisConformanceTest checks
 * that a full run regenerates the committed file exactly.)
 */
class ConformanceReportTest {
    private static final ConformanceCase CASE = new ConformanceCase("BL-M-1-21", "BL", "2.1", Path.of("BL-M-1-21.xml"));

    @Test
    void regenerationRewritesTheGeneratedPartsAndKeepsEveryHandWrittenSection() throws IOException {
        String committed = Files.readString(ConformanceReport.COMMITTED);

        String regenerated = ConformanceReport.regenerate(committed, sections());

        assertThat(regenerated)
                .contains("| BL-M-1-21 | BL | 2.1 | yes | **fail** | step 3 differed |")
                .doesNotContain("| SKLC-M-1-21 |");
        assertThat(handWritten(regenerated)).isEqualTo(handWritten(committed));
        assertThat(handWritten(committed))
                .contains(
                        "## Claimed profiles",
                        "## Deviations from the specification, fixed",
                        "## Cryptographic Services profiles",
                        "## Split keys and Re-key Key Pair");
        assertThat(ConformanceReport.regenerate(regenerated, sections()))
                .as("regenerating again changes nothing")
                .isEqualTo(regenerated);
    }

    @Test
    void aReportWithoutOrWithRepeatedMarkersIsRefused() {
        String report = ConformanceReport.markdown(List.of(CaseResult.pass(CASE)), "a server");

        assertThatThrownBy(() -> ConformanceReport.regenerate("# hand-written only\n", sections()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("has 0 generated parts, not 2");
        String headTwice = report.replace("<!-- BEGIN GENERATED cases", "<!-- BEGIN GENERATED head");
        assertThatThrownBy(() -> ConformanceReport.regenerate(headTwice, sections()))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("needs one '<!-- BEGIN GENERATED head");
    }

    private static Map<String, String> sections() {
        return ConformanceReport.sections(
                List.of(CaseResult.fail(CASE, "step 3 differed")), "a server", ExpectedFailures.none());
    }

    /** The report less what lies between its markers. */
    private static String handWritten(String report) {
        return report.replaceAll("(?s)(<!-- BEGIN GENERATED [^\\n]*\\n).*?(<!-- END GENERATED )", "$1$2");
    }
}
