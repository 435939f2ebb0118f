package dev.snpkm.kmip.dump;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class KmipDumpTest {
    /** Structure 0x420069 Protocol Version {Major 1, Minor 4}. */
    private static final String PROTOCOL_VERSION =
            "42006901000000204200 6a02000000040000000100000000 42006b02000000040000000400000000".replace(" ", "");

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(byte[] stdin, String... args) {
        return KmipDump.run(
                args,
                new ByteArrayInputStream(stdin),
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
    }

    private String stdout() {
        return out.toString(StandardCharsets.UTF_8);
    }

    private String stderr() {
        return err.toString(StandardCharsets.UTF_8);
    }

    @Test
    void hexArgumentIsRenderedAsXmlByDefault() {
        assertThat(run(new byte[0], "--hex", PROTOCOL_VERSION)).isZero();
        assertThat(stdout())
                .isEqualTo("<ProtocolVersion>\n"
                        + "  <ProtocolVersionMajor type=\"Integer\" value=\"1\"/>\n"
                        + "  <ProtocolVersionMinor type=\"Integer\" value=\"4\"/>\n"
                        + "</ProtocolVersion>\n");
    }

    @Test
    void jsonOptionRendersKmipJson() {
        assertThat(run(new byte[0], "--json", "--hex", PROTOCOL_VERSION)).isZero();
        assertThat(stdout()).startsWith("{\"tag\": \"ProtocolVersion\", \"value\": [");
    }

    @Test
    void binaryAndHexFilesAndStdinAreAccepted(@TempDir Path dir) throws IOException {
        Path bin = Files.write(dir.resolve("m.bin"), HexFormat.of().parseHex(PROTOCOL_VERSION));
        assertThat(run(new byte[0], "--file", bin.toString())).isZero();
        Path hex = Files.writeString(dir.resolve("m.hex"), PROTOCOL_VERSION.replaceAll("(.{16})", "$1\n"));
        assertThat(run(new byte[0], "--file", hex.toString())).isZero();
        assertThat(run(PROTOCOL_VERSION.getBytes(StandardCharsets.US_ASCII))).isZero();
        assertThat(stdout().split("<ProtocolVersion>", -1)).hasSize(4);
    }

    @Test
    void versionOptionPicksThatVersionsEnumerationNames() {
        String maskGeneratorMgf1 = "4201010500000004000000010000000" + "0";
        assertThat(run(new byte[0], "--version", "1.4", "--hex", maskGeneratorMgf1))
                .isZero();
        assertThat(stdout()).contains("value=\"MGF1\"");
    }

    @Test
    void malformedMessagePrintsTheDecoderMessageAndExitsOne() {
        assertThat(run(new byte[0], "--hex", "42002006000000080000000000000002"))
                .isEqualTo(1);
        assertThat(stderr()).contains("malformed TTLV at offset 0, tag 0x420020: Boolean value must be 0 or 1");
        assertThat(stdout()).isEmpty();
    }

    @Test
    void nonHexInputExitsOne() {
        assertThat(run(new byte[0], "--hex", "42zz")).isEqualTo(1);
        assertThat(stderr()).contains("not hex");
    }

    @Test
    void usageErrorsExitTwoWithTheUsage() {
        assertThat(run(new byte[0], "--frobnicate")).isEqualTo(2);
        assertThat(stderr()).contains("unknown option '--frobnicate'", "usage: kmip-dump");
        err.reset();
        assertThat(run(new byte[0], "--version", "banana")).isEqualTo(2);
        assertThat(stderr()).contains("--version needs MAJOR.MINOR");
        assertThat(run(new byte[0], "--hex")).isEqualTo(2);
    }

    @Test
    void missingFileIsAUsageError() {
        assertThat(run(new byte[0], "--file", "/nonexistent/message.bin")).isEqualTo(2);
        assertThat(stderr()).contains("cannot read /nonexistent/message.bin");
    }
}
