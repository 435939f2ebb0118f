package dev.snpkm.server.operations;

import static dev.snpkm.server.testing.Requests.activeSince;
import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.operations.attributes.AttributeFactory;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Locate streams the store's rows and keeps only what it finds; a state the objects' dates changed is evaluated for
 * the match and written back once the scan has ended, as a Get would write it.
 */
class LocateStateWriteBackTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @Test
    void aKeyWhoseActivationDatePassedIsFoundActiveAndStoredActive() throws Exception {
        try (var s = server.session(server.owner)) {
            String uid = s.call(
                            V,
                            Operation.CREATE,
                            Requests.aes(256, activeSince(server.clock.instant().plus(Duration.ofHours(1)))))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(storedState(uid)).isEqualTo(State.PRE_ACTIVE.value());
            Attributes active = Attributes.of(AttributeFactory.enumeration("State", State.ACTIVE.value()));
            assertThat(locate(s, active)).doesNotContain(uid);

            server.clock.advance(Duration.ofHours(2));

            assertThat(locate(s, active)).contains(uid);
            assertThat(storedState(uid)).as("written back after the scan").isEqualTo(State.ACTIVE.value());
        }
    }

    private static java.util.List<String> locate(EngineFixture.Session s, Attributes filter) {
        return s.call(V, Operation.LOCATE, Locate.Request.of(filter))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers();
    }

    private static int storedState(String uid) throws Exception {
        try (var c = server.database().dataSource().getConnection();
                PreparedStatement ps = c.prepareStatement("SELECT state FROM managed_object WHERE uid = ?")) {
            ps.setString(1, uid);
            try (ResultSet rs = ps.executeQuery()) {
                assertThat(rs.next()).isTrue();
                return rs.getInt(1);
            }
        }
    }
}
