package dev.snpkm.server.operations;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EndpointRole;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.QueryFunction;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Query;
import dev.snpkm.kmip.payload.SetEndpointRole;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Set Endpoint Role (KMIP 2.1 §6.1) over mutual TLS: the server confirms the Server role and refuses to become a
 * client; and Query Operations lists the Baseline operations this server added (Profiles 2.1 §5.1.2, QS-M-1-21).
 */
class SetEndpointRoleTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void theServerStaysAServer() {
        try (var s = server.session(server.owner)) {
            ResponseBatchItem server = s.call(
                    V, Operation.SET_ENDPOINT_ROLE, new SetEndpointRole.Request(EnumCode.of(EndpointRole.SERVER)));
            assertThat(server.payload(SetEndpointRole.Response.class)
                            .orElseThrow()
                            .endpointRole())
                    .isEqualTo(EnumCode.of(EndpointRole.SERVER));

            ResponseBatchItem client = s.call(
                    V, Operation.SET_ENDPOINT_ROLE, new SetEndpointRole.Request(EnumCode.of(EndpointRole.CLIENT)));
            assertThat(client.resultReason()).isEqualTo(EnumCode.of(ResultReason.FEATURE_NOT_SUPPORTED));
            assertThat(client.resultMessage()).contains("only as a server");

            ResponseBatchItem unknown = s.call(
                    V, Operation.SET_ENDPOINT_ROLE, new SetEndpointRole.Request(EnumCode.of(EndpointRole.class, 0x7F)));
            assertThat(unknown.resultReason()).isEqualTo(EnumCode.of(ResultReason.INVALID_FIELD));
        }
    }

    @Test
    void queryListsTheBaselineOperationsAddedHere() {
        try (var s = server.session(server.owner)) {
            Query.Response r = s.call(
                            V, Operation.QUERY, new Query.Request(List.of(EnumCode.of(QueryFunction.QUERY_OPERATIONS))))
                    .payload(Query.Response.class)
                    .orElseThrow();
            assertThat(r.operations())
                    .contains(
                            EnumCode.of(Operation.ADJUST_ATTRIBUTE),
                            EnumCode.of(Operation.SET_ENDPOINT_ROLE),
                            EnumCode.of(Operation.EXPORT),
                            EnumCode.of(Operation.IMPORT));
        }
    }
}
