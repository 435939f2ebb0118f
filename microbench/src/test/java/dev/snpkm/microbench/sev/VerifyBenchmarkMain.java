package dev.snpkm.microbench.sev;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link VerifyBenchmark}: 1 fork, 5 warm-up iterations of 2 s (the full verifier needs longer JIT warm-up than the bare P-384 call), 5 measurement iterations of 1 s (command in docs/benchmarks/sev.md). */
public final class VerifyBenchmarkMain {
    private VerifyBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        OptionsBuilder o = new OptionsBuilder();
        o.include(VerifyBenchmark.class.getName())
                .forks(1)
                .warmupIterations(5)
                .warmupTime(TimeValue.seconds(2))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .threads(1);
        Options opts = o.build();
        new Runner(opts).run();
    }
}
