package dev.snpkm.server.tls;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class BoringSslPolicyTest {
    /**
     * What BoringSSL 2.0.84 implements of {@link KmipCipherSuite} (OpenSsl.isCipherSuiteAvailable): every default suite,
     * none of the CBC-SHA256/384 ones. ServerTlsContextTest checks the real library against the same split.
     */
    private static final Set<String> BORINGSSL =
            KmipCipherSuite.defaults().stream().map(KmipCipherSuite::jsseName).collect(Collectors.toSet());

    @Test
    void theDefaultSuitesAreHeldExactly() {
        assertThat(BoringSslPolicy.refusal(KmipCipherSuite.defaults(), BORINGSSL::contains))
                .isEmpty();
    }

    @Test
    void aConfiguredSuiteBoringSslLacksIsARefusalNotASilentDrop() {
        List<KmipCipherSuite> withCbc = List.of(
                KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384,
                KmipCipherSuite.TLS_RSA_WITH_AES_128_CBC_SHA256);

        assertThat(BoringSslPolicy.refusal(withCbc, BORINGSSL::contains))
                .hasValueSatisfying(why -> assertThat(why).contains("TLS_RSA_WITH_AES_128_CBC_SHA256"));
    }

    @Test
    void fewerThanAllTls13SuitesCannotBeHeldBecauseBoringSslAlwaysOffersAllThree() {
        List<KmipCipherSuite> onlyAes256 = List.of(
                KmipCipherSuite.TLS_AES_256_GCM_SHA384, KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384);

        assertThat(BoringSslPolicy.refusal(onlyAes256, BORINGSSL::contains))
                .hasValueSatisfying(why -> assertThat(why).contains("TLS 1.3"));
        assertThat(BoringSslPolicy.refusal(
                        List.of(KmipCipherSuite.TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384), BORINGSSL::contains))
                .as("TLS 1.2 only: no TLS 1.3 suite to hold")
                .isEmpty();
    }

    @Test
    void groupsFollowTheJdkOrderWithoutTheGroupsBoringSslLacks() {
        assertThat(BoringSslPolicy.groups(null)).containsExactly("X25519", "P-256", "P-384", "P-521");
        assertThat(BoringSslPolicy.groups("secp384r1, ffdhe2048,x25519"))
                .as("jdk.tls.namedGroups restricts both providers alike")
                .containsExactly("P-384", "X25519");
        assertThat(BoringSslPolicy.groups("\"x448,ffdhe3072\"")).isEmpty();
    }
}
