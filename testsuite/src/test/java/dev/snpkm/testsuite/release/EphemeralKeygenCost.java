package dev.snpkm.testsuite.release;

import dev.snpkm.client.attestation.EphemeralWrappingKey;
import dev.snpkm.client.attestation.ReleaseWrapping;
import java.util.Arrays;

/**
 * What the guest pays per boot for its ephemeral wrapping key, by scheme (docs/benchmarks/unlock.md): n key
 * generations per pass, two passes (the first warms up), median and minimum. Usage:
 * {@code java -cp testsuite/target/test-classes:kmip-client/target/classes:kmip-core/target/classes
 * dev.snpkm.testsuite.release.EphemeralKeygenCost [n]}.
 */
public final class EphemeralKeygenCost {
    private EphemeralKeygenCost() {}

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 30;
        for (int pass = 1; pass <= 2; pass++) {
            for (ReleaseWrapping w : ReleaseWrapping.values()) {
                long[] nanos = new long[n];
                for (int i = 0; i < n; i++) {
                    long start = System.nanoTime();
                    EphemeralWrappingKey.generate(w);
                    nanos[i] = System.nanoTime() - start;
                }
                Arrays.sort(nanos);
                System.out.printf(
                        "pass %d %s keygen: median %.2f ms, min %.2f ms (n=%d)%n",
                        pass, w.settingName(), nanos[n / 2] / 1e6, nanos[0] / 1e6, n);
            }
        }
    }
}
