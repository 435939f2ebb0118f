package dev.snpkm.kmip.xml;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.testing.TtlvArbitraries;
import dev.snpkm.kmip.text.KmipTextException;
import dev.snpkm.kmip.ttlv.Ttlv;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

class KmipXmlProperties {
    @Provide
    Arbitrary<Ttlv> trees() {
        return TtlvArbitraries.trees(4);
    }

    @Property(tries = 1000)
    void anyTreeParsesBackFromItsXml(@ForAll("trees") Ttlv tree) throws KmipTextException {
        assertThat(KmipXml.parse(KmipXml.render(tree))).isEqualTo(tree);
    }

    @Property(tries = 300)
    void anyTreeParsesBackFromItsKmip14Xml(@ForAll("trees") Ttlv tree) throws KmipTextException {
        assertThat(KmipXml.parse(KmipXml.render(tree, KmipVersion.V1_4))).isEqualTo(tree);
    }

    @Property(tries = 300)
    void anyTreeRendersToTheSameUtf8WithoutAString(@ForAll("trees") Ttlv tree) throws KmipTextException {
        byte[] utf8 = KmipXml.renderUtf8(tree, KmipVersion.V2_1);
        assertThat(utf8).isEqualTo(KmipXml.render(tree).getBytes(StandardCharsets.UTF_8));
        assertThat(KmipXml.parse(new ByteArrayInputStream(utf8))).isEqualTo(tree);
    }
}
