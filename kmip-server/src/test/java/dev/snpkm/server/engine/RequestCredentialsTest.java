package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.enums.ResultStatus;
import dev.snpkm.kmip.message.Credential;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Credentials in the request header are checked, not ignored (Profiles 2.1 §3.1.3): a Username/Password must name the
 * TLS certificate's identity, and credentials the server cannot verify (Device, ...) are refused, whole message,
 * Authentication Not Successful. The owner's certificate has CN test-client.
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

    @Test
    void aDeviceCredentialCannotBeVerifiedAndIsRefused() {
        ResponseBatchItem r = queryWith(new Credential.Device("SN-1", "pw", "drive-7", null, null, null));

        assertThat(r.resultReason()).isEqualTo(EnumCode.of(ResultReason.AUTHENTICATION_NOT_SUCCESSFUL));
        assertThat(r.resultMessage()).contains("Device");
    }
}
