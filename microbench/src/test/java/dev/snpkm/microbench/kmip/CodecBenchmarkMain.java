package dev.snpkm.microbench.kmip;

import dev.snpkm.kmip.ttlv.TtlvEncoder;
import java.io.File;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link CodecBenchmark} (1 fork, 3×1 s warm-up, 5×1 s measurement) and prints messages/s and MB/s.
 *
 * <pre>
 * mvn -q -pl microbench -am test-compile dependency:build-classpath \
 *     -Dmdep.includeScope=test -Dmdep.outputFile=target/bench.classpath
 * java -cp "microbench/target/test-classes:$(cat microbench/target/bench.classpath)" \
 *     dev.snpkm.microbench.kmip.CodecBenchmarkMain
 * </pre>
 */
public final class CodecBenchmarkMain {
    private CodecBenchmarkMain() {}

    public static void main(String[] args) throws RunnerException {
        exposeClassPathToTheFork();
        int size = TtlvEncoder.encode(GetResponseSample.message()).length;
        Options options = new OptionsBuilder()
                .include(CodecBenchmark.class.getName())
                .forks(1)
                .warmupIterations(3)
                .warmupTime(TimeValue.seconds(1))
                .measurementIterations(5)
                .measurementTime(TimeValue.seconds(1))
                .build();
        Collection<RunResult> results = new Runner(options).run();
        System.out.printf("%nGet response message: %d bytes%n", size);
        for (RunResult r : results) {
            double ops = r.getPrimaryResult().getScore();
            double err = r.getPrimaryResult().getScoreError();
            System.out.printf(
                    "%-20s %,14.0f ± %,10.0f msg/s  %8.1f MB/s%n",
                    r.getParams().getBenchmark().replaceAll(".*\\.", ""), ops, err, ops * size / 1e6);
        }
    }

    /**
     * exec:java runs us in a class loader of its own, while JMH starts its fork with {@code java.class.path}; hand
     * the fork the loader's class path so it finds the benchmark and JMH itself.
     */
    private static void exposeClassPathToTheFork() {
        if (!(Thread.currentThread().getContextClassLoader() instanceof URLClassLoader loader)) {
            return;
        }
        List<String> entries = new ArrayList<>();
        for (URL url : loader.getURLs()) {
            try {
                entries.add(Path.of(url.toURI()).toString());
            } catch (URISyntaxException | IllegalArgumentException e) {
                // not a file URL: the fork cannot use it anyway
            }
        }
        if (!entries.isEmpty()) {
            System.setProperty("java.class.path", String.join(File.pathSeparator, entries));
        }
    }
}
