package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.AttestationType;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.message.Nonce;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.release.ReleaseDecision;
import java.util.List;
import org.junit.jupiter.api.Test;

class BatchStateTest {
    private static ReleaseDecision.ChallengeRequired challenge(String nonceId) {
        return new ReleaseDecision.ChallengeRequired(
                new Nonce(Bytes.ofHex(nonceId), Bytes.of(new byte[32])),
                List.of(EnumCode.of(AttestationType.SEV_SNP_REPORT)));
    }

    @Test
    void aBatchCarriesNoChallengeUntilAnItemAnswersWithOne() {
        BatchState batch = new BatchState();
        assertThat(batch.challenge()).isEmpty();

        ReleaseDecision.ChallengeRequired c = challenge("01");
        batch.challenged(c);

        assertThat(batch.challenge()).containsSame(c);
    }

    @Test
    void theLastChallengeOfTheBatchIsTheOneForTheHeader() {
        BatchState batch = new BatchState();
        batch.challenged(challenge("01"));
        ReleaseDecision.ChallengeRequired last = challenge("02");
        batch.challenged(last);

        assertThat(batch.challenge()).containsSame(last);
    }
}
