package dev.snpkm.server.operations.material;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.kmip.enums.KeyFormatType;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.server.operations.KmipOperationException;
import org.junit.jupiter.api.Test;

/** Conversions on the way out of keys stored before Register parsed them. */
class KeyFormatsTest {
    /**
     * Malformed PKCS#8 asked for as PKCS#1: Bouncy Castle throws IllegalArgumentException, which was General Failure
     * with a stack trace; now a named reason with one line.
     */
    @Test
    void aStoredKeyThatIsNotDerIsKeyFormatTypeNotSupportedWithItsReason() {
        assertThatThrownBy(() -> KeyFormats.privateFromPkcs8(new byte[] {1, 2, 3}, KeyFormatType.PKCS_1))
                .isInstanceOfSatisfying(KmipOperationException.class, e -> {
                    assertThat(e.reason()).isEqualTo(ResultReason.KEY_FORMAT_TYPE_NOT_SUPPORTED);
                    assertThat(e.getMessage())
                            .contains("stored private key is not well-formed DER")
                            .doesNotContain("\n");
                });
        assertThatThrownBy(() -> KeyFormats.publicFromSpki(new byte[] {1, 2, 3}, KeyFormatType.PKCS_1))
                .isInstanceOfSatisfying(
                        KmipOperationException.class,
                        e -> assertThat(e.reason()).isEqualTo(ResultReason.KEY_FORMAT_TYPE_NOT_SUPPORTED));
    }
}
