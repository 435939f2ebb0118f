package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.enums.TicketType;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.types.Secret;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.auth.ClientIdentity;
import dev.snpkm.server.testing.EngineFixture;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Credentials in the request header are checked, not ignored (Profiles 2.1 §3.1.3): a Username/Password must name the
 * TLS certificate's identity, and credentials the server cannot verify (Device, One Time Password, Hashed Password,
 * Ticket) are refused, whole message, Authentication Not Successful, and audited as credential-refused without the
 * secret they carried. The owner's certificate has CN test-client.
 */
class RequestCredentialsTest {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    private static ResponseBatchItem queryWith(Credential credential) {
        try (var s = server.session(server.owner)) {
            return s.send(
                            RequestHeader.builder(KmipVersion.V2_1)
                                    .credential(credential)
                                    .build(),
                            List.of(RequestBatchItem.of(
                                    Operation.QUERY,
                                    new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OPERATIONS))))))
                    .batchItems()
                    .get(0);
        }
    }

    @Test
    void aUsernameNamingTheCertificateIsAccepted() {
        ResponseBatchItem r = queryWith(new Credential.UsernamePassword("test-client", "ignored-password"));

        assertThat(r.resultStatus()).isEqualTo(EnumCode.of(ResultStatus.SUCCESS));
    }

    @Test
    void aUsernameNamingSomeoneElseIsAuthenticationNotSuccessful() {
        ResponseBatchItem r = queryWith(new Credential.UsernamePassword("administrator", "guess"));

        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.AUTHENTICATION_NOT_SUCCESSFUL));
        assertThat(r.resultMessage()).contains("'administrator'").contains("'test-client'");
        assertThat(r.resultMessage()).doesNotContain("guess");
    }

    /** Every credential the server cannot verify, with the type name its refusal gives and a secret it carries. */
    static Stream<Arguments> unverifiable() {
        return Stream.of(
                Arguments.of(new Credential.Device("SN-1", "device-pw", "drive-7", null, null, null), "Device"),
                Arguments.of(new Credential.OneTimePassword("test-client", "otp-pw", "918273"), "One Time Password"),
                Arguments.of(
                        new Credential.HashedPassword(
                                "test-client",
                                Ttlv.dateTimeExtended(Tag.TIME_STAMP, 1L),
                                EnumCode.of(HashingAlgorithm.SHA_256),
                                Secret.of(new byte[32])),
                        "Hashed Password"),
                Arguments.of(
                        new Credential.Ticket(EnumCode.of(TicketType.LOGIN), Secret.of(new byte[] {9, 9})), "Ticket"));
    }

    @ParameterizedTest(name = "{1}")
    @MethodSource("unverifiable")
    void aCredentialTheServerCannotVerifyIsRefusedWholeAndAudited(Credential credential, String type) {
        server.refusals.flushAll(); // a fresh window: this refusal is recorded at once, not folded into a count
        String ownerDn = ClientIdentity.of(server.owner.certificate()).subjectDn();
        long before = credentialRefusals(ownerDn).size();

        ResponseBatchItem r = queryWith(credential);

        assertThat(r.resultStatus()).isEqualTo(EnumCode.of(ResultStatus.OPERATION_FAILED));
        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.AUTHENTICATION_NOT_SUCCESSFUL));
        assertThat(r.resultMessage()).contains(type).doesNotContain("-pw").doesNotContain("918273");
        List<AuditEvent> refusals = credentialRefusals(ownerDn);
        assertThat(refusals).hasSize((int) before + 1);
        assertThat(refusals.get(refusals.size() - 1).detail())
                .contains(type)
                .doesNotContain("-pw")
                .doesNotContain("918273");
        assertThat(server.audit.verify().intact()).isTrue();
    }

    private static List<AuditEvent> credentialRefusals(String actorDn) {
        return server.audit.events.stream()
                .filter(e -> e.actor().startsWith(actorDn)
                        && e.action().equals("credential-refused")
                        && e.outcome().equals("refused"))
                .toList();
    }
}
