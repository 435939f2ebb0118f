package dev.snpkm.kmip.text;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.json.KmipJson;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.testing.TtlvArbitraries;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.xml.KmipXml;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * The three message encodings of KMIP over HTTPS (KMIP Profiles 2.1 §5.3 TTLV, §5.4 XML, §5.5 JSON) carry the same
 * tree: a message may pass through all three, in any version's names, and come back byte for byte.
 */
class MessageEncodingsProperties {
    @Provide
    Arbitrary<Ttlv> trees() {
        return TtlvArbitraries.trees(4);
    }

    @Property(tries = 500)
    void ttlvToJsonToXmlAndBackIsTheSameBytes(@ForAll("trees") Ttlv tree) throws TtlvException, KmipTextException {
        byte[] wire = TtlvEncoder.encode(tree);

        Ttlv fromJson = KmipJson.parse(KmipJson.render(new TtlvDecoder().decode(wire)));
        Ttlv fromXml = KmipXml.parse(KmipXml.render(fromJson));

        assertThat(TtlvEncoder.encode(fromXml)).isEqualTo(wire);
    }

    @Property(tries = 300)
    void xmlToJsonAcrossVersionNamesIsTheSameTree(@ForAll("trees") Ttlv tree) throws KmipTextException {
        Ttlv fromXml14 = KmipXml.parse(KmipXml.render(tree, KmipVersion.V1_4));
        Ttlv fromJson21 = KmipJson.parse(KmipJson.render(fromXml14, KmipVersion.V2_1));
        Ttlv fromJson14 = KmipJson.parse(KmipJson.render(fromJson21, KmipVersion.V1_4));

        assertThat(fromJson14).isEqualTo(tree);
    }
}
