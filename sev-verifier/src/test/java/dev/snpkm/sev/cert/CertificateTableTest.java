package dev.snpkm.sev.cert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.sev.report.HexBytes;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.HexFormat;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

class CertificateTableTest {

    @Test
    void guidsAreStoredInRfc4122ByteOrder() {
        byte[] t = new CertificateTable(
                        List.of(new CertificateTable.Entry(CertTableGuid.ARK.uuid(), HexBytes.of(new byte[] {9}))))
                .encode();
        // A real auxblob starts c0 b4 06 a4 a8 03 49 52 (the ARK GUID, RFC 4122 byte order).
        assertThat(HexFormat.of().formatHex(t, 0, 8)).isEqualTo("c0b406a4a8034952");
    }

    @Test
    void roundTripsAndFindsEntries() throws Exception {
        CertificateTable t = new CertificateTable(List.of(
                new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(new byte[] {1, 2, 3})),
                new CertificateTable.Entry(CertTableGuid.ASK.uuid(), HexBytes.of(new byte[] {4}))));
        CertificateTable parsed = CertificateTable.parse(t.encode());
        assertThat(parsed.find(CertTableGuid.VCEK))
                .hasValueSatisfying(b -> assertThat(b).containsExactly(1, 2, 3));
        assertThat(parsed.find(CertTableGuid.VLEK)).isEmpty();
    }

    @Test
    void emptyOrZeroTableMeansNoCertificates() throws Exception {
        assertThat(CertificateTable.parse(new byte[0]).entries()).isEmpty();
        assertThat(CertificateTable.parse(new byte[4096]).entries()).isEmpty();
    }

    @Test
    void malformedTablesAreRejectedWithAReason() {
        byte[] good = new CertificateTable(List.of(
                        new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(new byte[] {1, 2, 3}))))
                .encode();
        byte[] outside = good.clone();
        ByteBuffer.wrap(outside).order(ByteOrder.LITTLE_ENDIAN).putInt(20, 1000);
        assertThatThrownBy(() -> CertificateTable.parse(outside))
                .isInstanceOf(CertificateProblem.class)
                .hasMessageContaining("outside");
        byte[] intoHeader = good.clone();
        ByteBuffer.wrap(intoHeader).order(ByteOrder.LITTLE_ENDIAN).putInt(16, 4);
        assertThatThrownBy(() -> CertificateTable.parse(intoHeader)).hasMessageContaining("header");
        byte[] noTerminator = java.util.Arrays.copyOf(good, 30);
        assertThatThrownBy(() -> CertificateTable.parse(noTerminator)).hasMessageContaining("terminating");
        byte[] dup = new CertificateTable(List.of(
                        new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(new byte[] {1})),
                        new CertificateTable.Entry(CertTableGuid.VCEK.uuid(), HexBytes.of(new byte[] {2}))))
                .encode();
        assertThatThrownBy(() -> CertificateTable.parse(dup)).hasMessageContaining("twice");
    }

    @Property(tries = 300)
    void arbitraryBytesNeverCrashTheParser(@ForAll byte[] junk) {
        try {
            CertificateTable.parse(junk);
        } catch (CertificateProblem expected) {
            assertThat(expected.getMessage()).isNotBlank();
        }
    }
}
