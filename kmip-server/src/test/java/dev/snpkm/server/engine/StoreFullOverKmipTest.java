package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.payload.Create;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.store.SimulatedDisk;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Over KMIP: a full store answers writes with General Failure saying so, serves Gets, and takes writes again. */
class StoreFullOverKmipTest {
    private static final KmipVersion V = KmipVersion.V2_1;

    @TempDir
    Path dir;

    @Test
    void aFullStoreRefusesCreateWithGeneralFailureServesGetAndRecovers() throws Exception {
        SimulatedDisk disk = SimulatedDisk.install();
        try (EngineFixture server = EngineFixture.start(dir, disk::openDatabase);
                var s = server.session(server.owner)) {
            String uid = s.call(V, Operation.CREATE, Requests.aes(256))
                    .payload(Create.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            // The first Get of an object records that it was served (a write); later Gets only read.
            assertThat(s.call(V, Operation.GET, Get.Request.of(uid)).isSuccess())
                    .isTrue();

            disk.usableBytes(1L << 20);
            ResponseBatchItem refused = awaitRefusal(s);
            // New writes are refused now, but a compaction pass that began before the admission saw the low space may
            // have left rewritten pages in memory; the syncer's next round writes them, into the reserve the admission
            // keeps free for that. Marking the disk full before that round made the round fail and H2 close the store
            // (the rare failure under load). One round, then: after it no compaction runs while writes are refused.
            server.database().durability().awaitDurable();
            assertThat(server.database().full()).isTrue();
            disk.full(true); // from now on any file write would fail (and H2 would close the store): none may come
            assertThat(refused.resultReason()).isEqualTo(EnumCode.of(ResultReason.GENERAL_FAILURE));
            assertThat(refused.resultMessage()).contains("the store is full", "writes resume");
            assertThat(s.call(V, Operation.CREATE, Requests.aes(256)).resultMessage())
                    .contains("the store is full");
            Thread.sleep(500); // idle syncer rounds: nothing to write
            ResponseBatchItem got = s.call(V, Operation.GET, Get.Request.of(uid));
            assertThat(got.isSuccess()).as(got.resultMessage()).isTrue();

            disk.full(false);
            disk.usableBytes(1L << 40);
            ResponseBatchItem again = null;
            for (int i = 0; i < 100 && (again == null || !again.isSuccess()); i++) {
                Thread.sleep(20);
                again = s.call(V, Operation.CREATE, Requests.aes(256));
            }
            assertThat(again.isSuccess()).as(again.resultMessage()).isTrue();
        }
    }

    private static ResponseBatchItem awaitRefusal(EngineFixture.Session s) throws InterruptedException {
        for (int i = 0; i < 100; i++) {
            ResponseBatchItem r = s.call(V, Operation.CREATE, Requests.aes(256));
            if (!r.isSuccess()) {
                return r;
            }
            Thread.sleep(20);
        }
        throw new AssertionError("Create still succeeds on a full disk");
    }
}
