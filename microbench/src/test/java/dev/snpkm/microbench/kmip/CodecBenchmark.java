package dev.snpkm.microbench.kmip;

import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/** Encode and decode throughput of a typical Get response; run through {@link CodecBenchmarkMain}. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class CodecBenchmark {
    private Ttlv message;
    private byte[] wire;
    private TtlvDecoder decoder;

    @Setup
    public void setUp() {
        message = GetResponseSample.message();
        wire = TtlvEncoder.encode(message);
        decoder = new TtlvDecoder();
    }

    @Benchmark
    public byte[] encodeGetResponse() {
        return TtlvEncoder.encode(message);
    }

    @Benchmark
    public Ttlv decodeGetResponse() throws TtlvException {
        return decoder.decode(wire);
    }
}
