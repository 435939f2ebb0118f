package dev.snpkm.testsuite.cost;

import static dev.snpkm.server.testing.Requests.name;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.RequestBatchItem;
import dev.snpkm.kmip.message.RequestHeader;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.types.Bytes;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * What a named Create costs as the owner's object count grows: for each count, a fresh server (EngineFixture: H2
 * file, TLS on loopback) gets that many unnamed AES keys of one owner, then one connection sends named Creates one
 * after the other, timed after a warm-up. Args: object counts (default 0 2000 10000). From the repository root:
 * <pre>
 * mvn -q -o -pl testsuite -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "testsuite/target/test-classes:$(cat testsuite/target/bench.classpath)" \
 *     dev.snpkm.testsuite.cost.NamedCreateCost 0 0 2000 10000
 * </pre>
 * (the first count warms the JIT up).
 */
public final class NamedCreateCost {
    private static final KmipVersion V = KmipVersion.V2_1;
    private static final int BATCH = 100;
    private static final int WARM_UP = 300;
    private static final int MEASURED = 1000;

    private NamedCreateCost() {}

    public static void main(String[] args) throws Exception {
        List<Integer> counts = args.length == 0
                ? List.of(0, 2000, 10000)
                : List.of(args).stream().map(Integer::parseInt).toList();
        for (int count : counts) {
            Path dir = Files.createTempDirectory("named-create-");
            try (EngineFixture server = EngineFixture.start(dir);
                    var s = server.session(server.owner)) {
                for (int done = 0; done < count; done += BATCH) {
                    List<RequestBatchItem> items = new ArrayList<>();
                    for (int i = 0; i < Math.min(BATCH, count - done); i++) {
                        items.add(RequestBatchItem.of(Operation.CREATE, Requests.aes(256))
                                .withId(Bytes.of(new byte[] {(byte) (i >> 8), (byte) i})));
                    }
                    for (ResponseBatchItem r :
                            s.send(RequestHeader.builder(V).build(), items).batchItems()) {
                        if (!r.isSuccess()) {
                            throw new IllegalStateException("a setup Create failed: " + r.resultMessage());
                        }
                    }
                }
                createNamed(s, "warm-up", WARM_UP);
                long start = System.nanoTime();
                createNamed(s, "measured", MEASURED);
                double micros = (System.nanoTime() - start) / 1e3 / MEASURED;
                System.out.printf(
                        "owner objects %,d: named Create %.0f us/op (%.0f ops/s, 1 connection)%n",
                        count, micros, 1e6 / micros);
            }
        }
    }

    private static void createNamed(EngineFixture.Session s, String prefix, int n) {
        for (int i = 0; i < n; i++) {
            ResponseBatchItem r = s.call(V, Operation.CREATE, Requests.aes(256, name(prefix + "-" + i)));
            if (!r.isSuccess()) {
                throw new IllegalStateException("named Create failed: " + r.resultMessage());
            }
        }
    }
}
