package dev.snpkm.kmip.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.testing.TtlvArbitraries;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.text.SecretText;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.nio.charset.StandardCharsets;
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

    /** The server's path: bytes out through a zeroed buffer, back in through one; the same text as the String path. */
    @Property(tries = 1000)
    void anyTreeRoundTripsThroughUtf8WithoutAString(@ForAll("trees") Ttlv tree) throws KmipTextException {
        byte[] utf8 = KmipJson.renderUtf8(tree, KmipVersion.V2_1);
        assertThat(utf8).isEqualTo(KmipJson.render(tree).getBytes(StandardCharsets.UTF_8));
        SecretText text = SecretText.utf8(utf8);
        assertThat(KmipJson.parse(text)).isEqualTo(tree);
    }
}
