package dev.snpkm.sev.cert;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.testing.SnpReportBuilder;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** A KDS (or a proxy pretending to be one) on loopback: an answer larger than any certificate is not read whole. */
class KdsVcekFetcherTest {
    private static final VekRequest GENOA = new VekRequest(
            ProductLine.GENOA,
            SigningKey.VCEK,
            SnpReportBuilder.defaultChipId(ProductLine.GENOA),
            SnpReportBuilder.defaultTcb(ProductLine.GENOA));

    @Test
    void anAnswerUpToTheCertificateLimitIsReturnedAndALargerOneIsNot() throws Exception {
        assertThat(fetchServing(EvidenceLimits.CERTIFICATE_BYTES))
                .hasValueSatisfying(b -> assertThat(b).hasSize(EvidenceLimits.CERTIFICATE_BYTES));
        assertThat(fetchServing(64 * 1024 * 1024)).isEmpty(); // 64 MiB offered, at most 16 KiB + 1 read
    }

    private static Optional<byte[]> fetchServing(int bytes) throws Exception {
        HttpServer kds = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        kds.createContext("/vcek/", ex -> {
            ex.sendResponseHeaders(200, bytes);
            try (OutputStream out = ex.getResponseBody()) {
                byte[] chunk = new byte[64 * 1024];
                for (int sent = 0; sent < bytes; sent += chunk.length) {
                    out.write(chunk, 0, Math.min(chunk.length, bytes - sent));
                }
            } catch (java.io.IOException closedByTheFetcher) {
                // expected for the oversize answer
            }
        });
        kds.start();
        try {
            URI base = URI.create("http://127.0.0.1:" + kds.getAddress().getPort() + "/");
            return new KdsVcekFetcher(HttpClient.newHttpClient(), base, Duration.ofSeconds(10)).find(GENOA);
        } finally {
            kds.stop(0);
        }
    }
}
