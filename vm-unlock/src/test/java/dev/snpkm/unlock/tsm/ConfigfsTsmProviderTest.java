package dev.snpkm.unlock.tsm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.client.attestation.AttestationException;
import dev.snpkm.client.attestation.SnpEvidence;
import dev.snpkm.sev.testing.UnsignedReportBuilder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalInt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigfsTsmProviderTest {
    private static final byte[] CERTS = {1, 2, 3, 4};

    @TempDir
    Path dir;

    private Path reportRoot;
    private FakeTsm tsm;

    @BeforeEach
    void configfs() throws Exception {
        reportRoot = Files.createDirectories(dir.resolve("tsm/report"));
        tsm = new FakeTsm(
                inblob -> new UnsignedReportBuilder().reportData(inblob).build(), CERTS, "sev_guest");
    }

    private static byte[] reportData() {
        byte[] d = new byte[64];
        Arrays.fill(d, (byte) 0x5A);
        return d;
    }

    @Test
    void writesReportDataToInblobAndReturnsOutblobWithTheAuxblobCertificateTable() throws Exception {
        SnpEvidence evidence = new ConfigfsTsmProvider(tsm, reportRoot, OptionalInt.empty()).report(reportData());

        assertThat(tsm.inblobs()).hasSize(1);
        assertThat(tsm.inblobs().get(0)).isEqualTo(reportData());
        assertThat(Arrays.copyOfRange(evidence.report(), 0x50, 0x90)).isEqualTo(reportData());
        assertThat(evidence.report()).hasSize(1184);
        assertThat(evidence.certificateTable()).isEqualTo(CERTS);
    }

    @Test
    void removesItsReportEntryAfterwards() throws Exception {
        new ConfigfsTsmProvider(tsm, reportRoot, OptionalInt.empty()).report(reportData());

        assertThat(tsm.createdEntries()).hasSize(1);
        assertThat(tsm.createdEntries().get(0)).doesNotExist();
        try (var left = Files.list(reportRoot)) {
            assertThat(left).isEmpty();
        }
    }

    @Test
    void writesPrivlevelWhenAVmplIsRequested() throws Exception {
        FakeTsm recording = new FakeTsm(
                inblob -> new UnsignedReportBuilder().reportData(inblob).build(), new byte[0], "sev_guest");
        Path[] entry = new Path[1];
        TsmFilesystem spy = new ForwardingTsm(recording) {
            @Override
            public void write(Path attribute, byte[] value) throws java.io.IOException {
                if (attribute.getFileName().toString().equals("privlevel")) {
                    entry[0] = attribute;
                    assertThat(new String(value)).isEqualTo("2");
                }
                super.write(attribute, value);
            }
        };
        new ConfigfsTsmProvider(spy, reportRoot, OptionalInt.of(2)).report(reportData());
        assertThat(entry[0]).isNotNull();
    }

    @Test
    void aConcurrentWriterDetectedThroughGenerationFailsTheRequest() {
        tsm.simulateConcurrentWriter();
        assertThatThrownBy(() -> new ConfigfsTsmProvider(tsm, reportRoot, OptionalInt.empty()).report(reportData()))
                .isInstanceOf(AttestationException.class)
                .hasMessageContaining("another process wrote");
        assertThat(tsm.createdEntries().get(0)).doesNotExist();
    }

    @Test
    void aProviderOtherThanSevGuestIsRefused() {
        FakeTsm tdx = new FakeTsm(inblob -> new byte[1184], new byte[0], "tdx_guest");
        assertThatThrownBy(() -> new ConfigfsTsmProvider(tdx, reportRoot, OptionalInt.empty()).report(reportData()))
                .isInstanceOf(AttestationException.class)
                .hasMessageContaining("'tdx_guest', not sev_guest");
        assertThat(tdx.inblobs()).isEmpty();
    }

    @Test
    void reportDataMustBeExactlySixtyFourBytes() {
        assertThatThrownBy(() -> new ConfigfsTsmProvider(tsm, reportRoot, OptionalInt.empty()).report(new byte[32]))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exactly 64 bytes");
    }

    @Test
    void aMissingReportDirectoryIsExplained() {
        assertThatThrownBy(() ->
                        new ConfigfsTsmProvider(tsm, dir.resolve("absent"), OptionalInt.empty()).report(reportData()))
                .isInstanceOf(AttestationException.class)
                .hasMessageContaining("configfs-tsm is not available");
    }

    @Test
    void anOutblobOfTheWrongSizeIsRefused() {
        FakeTsm shortReport = new FakeTsm(inblob -> new byte[100], new byte[0], "sev_guest");
        assertThatThrownBy(() ->
                        new ConfigfsTsmProvider(shortReport, reportRoot, OptionalInt.empty()).report(reportData()))
                .hasMessageContaining("100-byte outblob");
    }

    @Test
    void aReportOverOtherReportDataIsRefused() {
        FakeTsm stale = new FakeTsm(
                inblob -> new UnsignedReportBuilder().reportData(new byte[64]).build(), CERTS, "sev_guest");
        assertThatThrownBy(() -> new ConfigfsTsmProvider(stale, reportRoot, OptionalInt.empty()).report(reportData()))
                .isInstanceOf(AttestationException.class)
                .hasMessageContaining("REPORT_DATA is not the one written to");
    }

    /** Delegates every call, so a test can intercept one. */
    private static class ForwardingTsm implements TsmFilesystem {
        private final TsmFilesystem d;

        ForwardingTsm(TsmFilesystem d) {
            this.d = d;
        }

        @Override
        public boolean isDirectory(Path path) {
            return d.isDirectory(path);
        }

        @Override
        public void createEntry(Path entry) throws java.io.IOException {
            d.createEntry(entry);
        }

        @Override
        public void write(Path attribute, byte[] value) throws java.io.IOException {
            d.write(attribute, value);
        }

        @Override
        public byte[] read(Path attribute) throws java.io.IOException {
            return d.read(attribute);
        }

        @Override
        public boolean exists(Path attribute) {
            return d.exists(attribute);
        }

        @Override
        public void removeEntry(Path entry) throws java.io.IOException {
            d.removeEntry(entry);
        }
    }
}
