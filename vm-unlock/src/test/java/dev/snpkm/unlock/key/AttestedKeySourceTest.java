package dev.snpkm.unlock.key;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.transport.KmipTransportException;
import dev.snpkm.client.transport.KmipTransportException.Stage;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import org.junit.jupiter.api.Test;

/** Which failures start the release again (the end-to-end retry is in AttestedUnlockEndToEndIT). */
class AttestedKeySourceTest {

    private static KmipOperationException answered(ResultReason reason) {
        return new KmipOperationException(
                EnumCode.of(Operation.GET), EnumCode.of(ResultStatus.OPERATION_FAILED), EnumCode.of(reason), "x");
    }

    @Test
    void aBusyOrFailingServerAndABrokenExchangeAreWorthAnotherTry() {
        assertThat(AttestedKeySource.isTransient(answered(ResultReason.SERVER_LIMIT_EXCEEDED)))
                .isTrue();
        assertThat(AttestedKeySource.isTransient(answered(ResultReason.GENERAL_FAILURE)))
                .isTrue();
        for (Stage stage : new Stage[] {Stage.CONNECT, Stage.HANDSHAKE, Stage.SEND, Stage.RECEIVE, Stage.PROTOCOL}) {
            assertThat(AttestedKeySource.isTransient(new KmipTransportException(stage, "x", null)))
                    .as("%s", stage)
                    .isTrue();
        }
    }

    @Test
    void aRefusalOrARejectedServerIsFinal() {
        for (ResultReason reason : new ResultReason[] {
            ResultReason.ATTESTATION_FAILED,
            ResultReason.PERMISSION_DENIED,
            ResultReason.ITEM_NOT_FOUND,
            ResultReason.INVALID_MESSAGE,
            ResultReason.OPERATION_NOT_SUPPORTED
        }) {
            assertThat(AttestedKeySource.isTransient(answered(reason)))
                    .as("%s", reason)
                    .isFalse();
        }
        assertThat(AttestedKeySource.isTransient(new KmipTransportException(Stage.SERVER_REJECTED, "x", null)))
                .isFalse();
        assertThat(AttestedKeySource.isTransient(new KmipOperationException(
                        EnumCode.of(Operation.GET), EnumCode.of(ResultStatus.OPERATION_FAILED), null, "no reason")))
                .isFalse();
    }
}
