package dev.snpkm.kmip.wrap;

import static org.assertj.core.api.Assertions.assertThat;

import java.security.AlgorithmParameters;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.ECParameterSpec;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcdhWrapCurveTest {

    /** The table's facts against the JDK's own parameters for the curve, found by name and by OID. */
    @ParameterizedTest
    @EnumSource(EcdhWrapCurve.class)
    void theTableAgreesWithTheJdksCurve(EcdhWrapCurve curve) throws Exception {
        ECParameterSpec byName = parameters(curve.secName());
        ECParameterSpec byOid = parameters(curve.oid());

        assertThat(byOid.getCurve()).isEqualTo(byName.getCurve());
        assertThat(byOid.getOrder()).isEqualTo(byName.getOrder());
        assertThat((byName.getCurve().getField().getFieldSize() + 7) / 8).isEqualTo(curve.fieldBytes());
        assertThat(curve.pointBytes()).isEqualTo(1 + 2 * curve.fieldBytes());
        assertThat(byName.getOrder().bitLength() / 2).isEqualTo(curve.securityBits());
        assertThat(curve.toString()).isEqualTo(curve.name().replace('_', '-'));
    }

    private static ECParameterSpec parameters(String name) throws Exception {
        AlgorithmParameters p = AlgorithmParameters.getInstance("EC");
        p.init(new ECGenParameterSpec(name));
        return p.getParameterSpec(ECParameterSpec.class);
    }
}
