package dev.snpkm.server.conformance;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class ExpectedFailuresTest {
    private static ExpectedFailures parse(String text) throws IOException {
        return ExpectedFailures.parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void readsCaseIdsWithReasonsSkippingCommentsAndBlankLines() throws IOException {
        ExpectedFailures f = parse("# header\n\nBL-M-1-21 step 2 (Get): digest missing\n  TL-M-3-14   batch order\n");

        assertThat(f.caseIds()).containsExactly("BL-M-1-21", "TL-M-3-14");
        assertThat(f.reason("TL-M-3-14")).contains("batch order");
        assertThat(f.reason("SKLC-M-1-21")).isEmpty();
    }

    @Test
    void rejectsAnEntryWithoutReason() {
        assertThatThrownBy(() -> parse("BL-M-1-21\n")).hasMessageContaining("needs a reason");
    }

    @Test
    void rejectsADuplicateEntry() {
        assertThatThrownBy(() -> parse("BL-M-1-21 a\nBL-M-1-21 b\n")).hasMessageContaining("listed twice");
    }

    @Test
    void reasonsWrittenForTheFileCarryNoDatesOfTheRun() {
        String reason = "step 1 (Get Attributes): Attributes/OriginalCreationDate expected 2026-11-26T23:16:41+00:00,"
                + " got 2026-11-26T23:16:42Z";

        assertThat(ConformanceReport.stable(reason))
                .isEqualTo("step 1 (Get Attributes): Attributes/OriginalCreationDate expected <date>, got <date>");
    }
}
