package dev.snpkm.microbench.server;

import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/** Runs {@link GateBenchmark}: 1 fork, 5 warm-up iterations of 2 s (3 were not enough for C2 to finish the BC path on the shared VM), 5 measurement iterations of 1 s, 2 threads. */
public final class GateBenchmarkMain {
    private GateBenchmarkMain() {}

    public static void main(String[] args) throws Exception {
        new Runner(new OptionsBuilder()
                        .include(GateBenchmark.class.getName())
                        .forks(1)
                        .warmupIterations(5)
                        .warmupTime(TimeValue.seconds(2))
                        .measurementIterations(5)
                        .measurementTime(TimeValue.seconds(1))
                        .build())
                .run();
    }
}
