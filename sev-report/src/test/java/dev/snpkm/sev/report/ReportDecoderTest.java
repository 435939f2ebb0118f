package dev.snpkm.sev.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.sev.testing.UnsignedReportBuilder;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class ReportDecoderTest {

    @Test
    void builderFieldsDecodeAtTheirOffsets() throws Exception {
        byte[] m = new byte[48];
        m[0] = 0x42;
        TcbVersion tcb = new TcbVersion(1, 10, 0, 23, 84);
        byte[] raw = new UnsignedReportBuilder()
                .version(5)
                .cpuid(0x1A, 0x02, 1)
                .tcb(tcb.encode(ProductLine.TURIN))
                .guestSvn(7)
                .policy(0x3001fL)
                .vmpl(2)
                .measurement(m)
                .mitigationVectors(0x11, 0x22)
                .build();
        AttestationReport r = ReportDecoder.decode(raw);
        assertThat(r.version()).isEqualTo(5);
        assertThat(r.guestSvn()).isEqualTo(7);
        assertThat(r.policy().abiMinor()).isEqualTo(0x1f);
        assertThat(r.policy().smtAllowed()).isTrue();
        assertThat(r.vmpl()).isEqualTo(2);
        assertThat(r.measurement().toByteArray()[0]).isEqualTo((byte) 0x42);
        assertThat(r.productFromCpuid()).contains(ProductLine.TURIN);
        assertThat(r.launchMitVector()).isEqualTo(0x11);
        assertThat(r.currentMitVector()).isEqualTo(0x22);
        assertThat(TcbVersion.decode(r.reportedTcb(), ProductLine.TURIN)).isEqualTo(tcb);
    }

    @Test
    void hostRequestedVmplIsUnsigned() throws Exception {
        AttestationReport r = ReportDecoder.decode(
                new UnsignedReportBuilder().vmpl(0xFFFFFFFF).build());
        assertThat(r.vmpl()).isEqualTo(0xFFFFFFFFL);
    }

    @Test
    void productLinesFromCpuidAndProductName() {
        assertThat(ProductLine.fromCpuid(0x19, 0x01)).contains(ProductLine.MILAN);
        assertThat(ProductLine.fromCpuid(0x19, 0x11)).contains(ProductLine.GENOA);
        assertThat(ProductLine.fromCpuid(0x19, 0xA0)).contains(ProductLine.GENOA);
        assertThat(ProductLine.fromCpuid(0x1A, 0x02)).contains(ProductLine.TURIN);
        assertThat(ProductLine.fromCpuid(0x17, 0x31)).isEmpty();
        assertThat(ProductLine.fromKdsProductName("Milan-B0")).contains(ProductLine.MILAN);
        assertThat(ProductLine.fromKdsProductName("Genoa")).contains(ProductLine.GENOA);
        assertThat(ProductLine.fromKdsProductName("Rome")).isEmpty();
    }

    @Test
    void tcbLayoutFollowsTheProductAndComparesComponentWise() {
        // A real Turin report's TCB: 0x5100000004010101 → FMC 1, BL 1, TEE 1, SNP 4, ucode 0x51 on Turin.
        assertThat(TcbVersion.decode(0x5100000004010101L, ProductLine.TURIN))
                .isEqualTo(new TcbVersion(1, 1, 1, 4, 0x51));
        assertThat(TcbVersion.decode(0x541700000000000aL, ProductLine.GENOA))
                .isEqualTo(new TcbVersion(0, 10, 0, 0x17, 0x54));
        TcbVersion a = new TcbVersion(0, 3, 0, 8, 0x73);
        assertThat(a.isAtLeast(new TcbVersion(0, 2, 0, 8, 0x73))).isTrue();
        // Higher microcode does not compensate for a lower SNP SPL, which a u64 comparison would allow.
        assertThat(new TcbVersion(0, 3, 0, 7, 0xFF).isAtLeast(a)).isFalse();
        assertThat(new TcbVersion(0, 3, 0, 7, 0xFF).componentsBelow(a)).isEqualTo("snp=7");
        assertThat(new TcbVersion(1, 2, 0, 7, 0x70).componentsBelow(new TcbVersion(2, 3, 0, 8, 0x73)))
                .isEqualTo("fmc=1 bl=2 snp=7 ucode=112");
        assertThat(a.componentsBelow(a)).isEmpty();
    }

    @Property(tries = 200)
    void tcbEncodeDecodeRoundTrips(
            @ForAll byte bl, @ForAll byte tee, @ForAll byte snp, @ForAll byte ucode, @ForAll byte fmc) {
        TcbVersion t = new TcbVersion(fmc & 0xFF, bl & 0xFF, tee & 0xFF, snp & 0xFF, ucode & 0xFF);
        assertThat(TcbVersion.decode(t.encode(ProductLine.TURIN), ProductLine.TURIN))
                .isEqualTo(t);
        TcbVersion legacy = new TcbVersion(0, bl & 0xFF, tee & 0xFF, snp & 0xFF, ucode & 0xFF);
        assertThat(TcbVersion.decode(legacy.encode(ProductLine.MILAN), ProductLine.MILAN))
                .isEqualTo(legacy);
    }

    @Property(tries = 100)
    void anyReportSizedInputDecodesWithoutCrashing(@ForAll @Size(value = 1184) byte[] junk) throws Exception {
        assertThat(ReportDecoder.decode(junk).raw().length()).isEqualTo(1184);
    }

    @Test
    void wrongSizesAreRejectedWithTheLength() {
        assertThatThrownBy(() -> ReportDecoder.decode(new byte[1185])).hasMessageContaining("1185");
        assertThatThrownBy(() -> ReportDecoder.decode(new byte[1000]))
                .hasMessageContaining("1184 bytes")
                .hasMessageContaining("1000");
        assertThatThrownBy(() -> ReportDecoder.decode(null)).hasMessageContaining("no attestation report");
    }
}
