package dev.snpkm.kmip.ttlv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.testing.TtlvArbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class TtlvCodecProperties {
    private final TtlvDecoder decoder = new TtlvDecoder();

    @Provide
    Arbitrary<Ttlv> trees() {
        return TtlvArbitraries.trees(4);
    }

    @Property(tries = 1000)
    void anyTreeDecodesToItselfAfterEncoding(@ForAll("trees") Ttlv tree) throws TtlvException {
        byte[] wire = TtlvEncoder.encode(tree);
        assertThat(wire.length % 8).isZero();
        assertThat((long) wire.length).isEqualTo(TtlvEncoder.encodedLength(tree));
        assertThat(decoder.decode(wire)).isEqualTo(tree);
    }
}
