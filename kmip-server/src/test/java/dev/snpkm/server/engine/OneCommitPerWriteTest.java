package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Destroy;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.UniqueIdentifier;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A write request and the audit record of its action are one durable commit (the record is the batch's last write),
 * over real TLS, on the store and keyed chain the appliance uses. Each test starts its own server: the first nonce
 * purge, the only other committer, runs a minute after the start.
 */
class OneCommitPerWriteTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @TempDir
    Path dir;

    @Test
    void aRegisterAndItsRecordAreOneCommitAndADestroyAndItsRecordAnother() {
        try (EngineFixture server = EngineFixture.start(dir);
                EngineFixture.Session owner = server.session(server.owner)) {
            long chain = server.audit.head().seq(); // before start: reading the head waits for durability
            long start = server.database().durability().commits();

            ResponseBatchItem registered = owner.call(V, Operation.REGISTER, Requests.symmetricKey(new byte[32]));
            assertThat(registered.isSuccess()).as(registered.resultMessage()).isTrue();
            String uid =
                    registered.payload(Register.Response.class).orElseThrow().uniqueIdentifier();
            long afterRegister = server.database().durability().commits();
            ResponseBatchItem destroyed =
                    owner.call(V, Operation.DESTROY, new Destroy.Request(UniqueIdentifier.of(uid)));
            assertThat(destroyed.isSuccess()).as(destroyed.resultMessage()).isTrue();

            assertThat(afterRegister - start).as("commits of the Register").isEqualTo(1);
            assertThat(server.database().durability().commits() - afterRegister)
                    .as("commits of the Destroy")
                    .isEqualTo(1);
            assertThat(server.audit.about(uid).stream().map(e -> e.action()).toList())
                    .containsExactly("Register", "Destroy");
            assertThat(server.audit.head().seq() - chain).isEqualTo(2);
            assertThat(server.audit.verify().intact()).isTrue();
        }
    }
}
