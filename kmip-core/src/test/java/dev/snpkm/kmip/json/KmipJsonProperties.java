package dev.snpkm.kmip.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.testing.TtlvArbitraries;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KmipJsonProperties {
    @Provide
    Arbitrary<Ttlv> trees() {
        return TtlvArbitraries.trees(4);
    }

    @Property(tries = 1000)
    void anyTreeParsesBackFromItsJson(@ForAll("trees") Ttlv tree) throws KmipTextException {
        assertThat(KmipJson.parse(KmipJson.render(tree))).isEqualTo(tree);
    }
}
