package dev.snpkm.server.wrap;

import static org.assertj.core.api.Assertions.assertThat;

import org.bouncycastle.asn1.sec.SECObjectIdentifiers;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EcdhCurveTest {

    /** Bouncy Castle's domain for the curve agrees with the shared table's field size, strength and OID. */
    @ParameterizedTest
    @EnumSource(EcdhCurve.class)
    void bouncyCastlesDomainAgreesWithTheSharedTable(EcdhCurve curve) {
        assertThat((curve.domain().getCurve().getFieldSize() + 7) / 8).isEqualTo(curve.fieldBytes());
        assertThat(curve.domain().getN().bitLength() / 2).isEqualTo(curve.securityBits());
        assertThat(EcdhCurve.of(curve.domain().getName())).contains(curve);
    }

    @ParameterizedTest
    @EnumSource(EcdhCurve.class)
    void eachCurveIsFoundByItsSecOid(EcdhCurve curve) {
        var oid = curve == EcdhCurve.P_256 ? SECObjectIdentifiers.secp256r1 : SECObjectIdentifiers.secp384r1;
        assertThat(EcdhCurve.of(oid)).contains(curve);
    }
}
