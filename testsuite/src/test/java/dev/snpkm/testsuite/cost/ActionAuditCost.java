package dev.snpkm.testsuite.cost;

import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.message.ResponseBatchItem;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * What auditing a Create costs: one connection sends Creates of AES keys one after the other to a fresh server
 * (EngineFixture: H2 file, TLS on loopback) that audits actions, and to one that does not; each Create of a secret
 * key then appends one audit record in its own commit after the batch's. Prints µs per Create and p50/p99 per mode.
 * Args: rounds (default 2; the first warms the JIT). From the repository root:
 * <pre>
 * mvn -q -o -pl testsuite -am test-compile dependency:build-classpath -Dmdep.includeScope=test \
 *     -Dmdep.outputFile=target/bench.classpath
 * java -cp "testsuite/target/test-classes:$(cat testsuite/target/bench.classpath)" \
 *     dev.snpkm.testsuite.cost.ActionAuditCost 2
 * </pre>
 */
public final class ActionAuditCost {
    private static final int WARM_UP = 300;
    private static final int MEASURED = 1000;

    private ActionAuditCost() {}

    public static void main(String[] args) throws Exception {
        int rounds = args.length == 0 ? 2 : Integer.parseInt(args[0]);
        for (int round = 1; round <= rounds; round++) {
            for (boolean audited : new boolean[] {false, true}) {
                Path dir = Files.createTempDirectory("audit-cost-");
                try (EngineFixture server = audited ? EngineFixture.start(dir) : EngineFixture.startUnaudited(dir);
                        var s = server.session(server.owner)) {
                    creates(s, WARM_UP);
                    long[] nanos = creates(s, MEASURED);
                    long total = Arrays.stream(nanos).sum();
                    Arrays.sort(nanos);
                    System.out.printf(
                            "round %d %-9s %d Creates: %.0f µs/op (%.0f ops/s), p50 %.0f µs, p99 %.0f µs%n",
                            round,
                            audited ? "audited" : "unaudited",
                            MEASURED,
                            total / 1e3 / MEASURED,
                            MEASURED / (total / 1e9),
                            nanos[MEASURED / 2] / 1e3,
                            nanos[MEASURED * 99 / 100] / 1e3);
                }
            }
        }
    }

    private static long[] creates(EngineFixture.Session s, int n) {
        long[] out = new long[n];
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            ResponseBatchItem r = s.call(KmipVersion.V2_1, Operation.CREATE, Requests.aes(256));
            out[i] = System.nanoTime() - t;
            if (!r.isSuccess()) {
                throw new IllegalStateException("a Create failed: " + r.resultMessage());
            }
        }
        return out;
    }
}
