package dev.snpkm.sev.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.snpkm.sev.report.ReportLayout;
import dev.snpkm.sev.testing.TestData;
import java.io.PrintWriter;
import java.io.RandomAccessFile;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class VerifyCommandTest {
    /** Both real VCEKs are valid on this date; pinned so the test does not expire with them. */
    static final String AT = "2026-11-26T00:00:00Z";

    record Run(int exit, String out, String err) {
        JsonNode json() throws Exception {
            return new ObjectMapper().readTree(out);
        }
    }

    static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CommandLine cl = SevVerifierCli.commandLine();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int exit = cl.execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static String vector(String file) {
        return TestData.sevVectors().resolve(file).toString();
    }

    @Test
    void realGenoaReportIsAcceptedAndEveryFieldPrinted() throws Exception {
        Run r = run(
                "verify", "--report", vector("genoa-v3/report.bin"), "--vcek", vector("genoa-v3/vcek.pem"), "--at", AT);
        assertThat(r.exit()).isZero();
        JsonNode j = r.json();
        assertThat(j.get("verdict").asText()).isEqualTo("accepted");
        assertThat(j.get("product").asText()).isEqualTo("genoa");
        assertThat(j.at("/report/policy/raw").asText()).isEqualTo("0x3001f");
        assertThat(j.at("/report/reportedTcb/raw").asText()).isEqualTo("0x541700000000000a");
        assertThat(j.at("/report/reportedTcb/microcode").asInt()).isEqualTo(0x54);
        assertThat(j.at("/report/cpuidModel").asText()).isEqualTo("0x11");
        assertThat(j.at("/report/measurement").asText()).hasSize(96);
        assertThat(j.at("/vek/productName").asText()).isEqualTo("Genoa");
    }

    @Test
    void milanV2WithPolicyAndReportDataIsAccepted(@TempDir Path dir) throws Exception {
        byte[] report = Files.readAllBytes(Path.of(vector("milan-v2/report.bin")));
        String rd = HexFormat.of().formatHex(report, ReportLayout.REPORT_DATA, ReportLayout.REPORT_DATA + 64);
        String measurement = HexFormat.of().formatHex(report, ReportLayout.MEASUREMENT, ReportLayout.MEASUREMENT + 48);
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, "name: cli\nmeasurements: [\"" + measurement + "\"]\nproducts: [milan]\n");
        Run r = run(
                "verify",
                "--report",
                vector("milan-v2/report.bin"),
                "--vcek",
                vector("milan-v2/vcek.der"),
                "--product",
                "milan",
                "--policy",
                policy.toString(),
                "--report-data",
                rd,
                "--at",
                AT);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
    }

    @Test
    void aHugeReportFileIsRefusedWithOneLineWithoutBeingRead(@TempDir Path dir) throws Exception {
        Path huge = dir.resolve("huge.bin");
        try (RandomAccessFile f = new RandomAccessFile(huge.toFile(), "rw")) {
            f.setLength(2L * 1024 * 1024 * 1024); // 2 GiB, sparse: reading it whole would need a 2 GiB array
        }
        Path vcek = dir.resolve("vcek.der");
        Files.write(vcek, new byte[64 * 1024]);

        Run r = run("verify", "--report", huge.toString(), "--vcek", vector("genoa-v3/vcek.der"));
        Run bigVcek = run("verify", "--report", vector("genoa-v3/report.bin"), "--vcek", vcek.toString());

        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err())
                .contains("--report: ")
                .contains("larger than 1184 bytes")
                .doesNotContain("\tat ");
        assertThat(r.err().lines().filter(l -> l.contains("larger than")).count())
                .isEqualTo(1);
        assertThat(r.out()).isEmpty();
        assertThat(bigVcek.exit()).isEqualTo(2);
        assertThat(bigVcek.err()).contains("--vcek: ").contains("larger than 16384 bytes");
    }

    @Test
    void tamperedReportIsRefusedWithExit1AndNamedFailures(@TempDir Path dir) throws Exception {
        byte[] report = Files.readAllBytes(Path.of(vector("genoa-v3/report.bin")));
        report[ReportLayout.MEASUREMENT] ^= 1;
        Path f = dir.resolve("r.bin");
        Files.write(f, report);
        Run r = run("verify", "--report", f.toString(), "--vcek", vector("genoa-v3/vcek.der"), "--at", AT);
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.json().get("verdict").asText()).isEqualTo("refused");
        List<String> codes = new ArrayList<>();
        r.json().get("failures").forEach(n -> codes.add(n.get("code").asText()));
        assertThat(codes).containsExactly("SIGNATURE_INVALID");
    }

    @Test
    void usageErrorsExitWith2AndAOneLineMessage() {
        assertThat(run("verify").exit()).isEqualTo(2);
        Run missing = run("verify", "--report", "/nonexistent/report.bin");
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).contains("--report").contains("not a readable file");
        Run badHex = run("verify", "--report", vector("genoa-v3/report.bin"), "--report-data", "zz");
        assertThat(badHex.exit()).isEqualTo(2);
        assertThat(badHex.err()).contains("hex");
        Run badProduct = run("verify", "--report", vector("genoa-v3/report.bin"), "--product", "rome");
        assertThat(badProduct.exit()).isEqualTo(2);
        assertThat(badProduct.err()).contains("unknown product line 'rome'");
        Run both = run("verify", "--report", vector("genoa-v3/report.bin"), "--vcek", "a", "--cert-table", "b");
        assertThat(both.exit()).isEqualTo(2);
    }

    @Test
    void badPolicyIsAUsageError(@TempDir Path dir) throws Exception {
        Path policy = dir.resolve("p.yaml");
        Files.writeString(policy, "measurements: []\nallow-debugg: true\n");
        Run r = run(
                "verify",
                "--report",
                vector("genoa-v3/report.bin"),
                "--vcek",
                vector("genoa-v3/vcek.der"),
                "--policy",
                policy.toString());
        assertThat(r.exit()).isEqualTo(2);
        assertThat(r.err()).contains("unknown policy key 'allow-debugg'");
    }
}
