package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;

/**
 * Optional fetcher of VCEKs from AMD KDS (VCEK/KDS interface spec 57230). Never required and never used by the tests:
 * the appliance should pre-provision VCEKs, because KDS rate-limits (~1 request / 10 s) and has outages.
 * VLEKs cannot be fetched (only the CSP can), so VLEK requests return empty. Failures return empty
 * (the verifier then reports VEK_UNAVAILABLE); combine with an {@link OfflineVekDirectory} for caching.
 */
public final class KdsVcekFetcher implements VcekSource {
    public static final URI AMD_KDS = URI.create("https://kdsintf.amd.com");
    private final HttpClient http;
    private final URI base;
    private final Duration timeout;

    public KdsVcekFetcher(HttpClient http, URI base, Duration timeout) {
        this.http = http;
        this.base = base;
        this.timeout = timeout;
    }

    /** The KDS URL for a VCEK; Turin uses the 8-byte hwID and adds fmcSPL (KDS returns 404 for 64 bytes there). */
    public URI vcekUri(VekRequest r) {
        ProductLine p = r.product();
        TcbVersion t = TcbVersion.decode(r.reportedTcb(), p);
        String hwId = r.chipId().slice(0, p.hwIdLength()).hex();
        String fmc = p.turinTcbLayout() ? "fmcSPL=" + t.fmc() + "&" : "";
        return base.resolve("/vcek/v1/" + p.kdsName() + "/" + hwId + "?" + fmc + "blSPL=" + t.bootLoader() + "&teeSPL="
                + t.tee() + "&snpSPL=" + t.snp() + "&ucodeSPL=" + t.microcode());
    }

    @Override
    public Optional<byte[]> find(VekRequest request) {
        if (request.kind() != SigningKey.VCEK || request.chipId().isAllZero()) {
            return Optional.empty();
        }
        HttpRequest req =
                HttpRequest.newBuilder(vcekUri(request)).timeout(timeout).GET().build();
        try {
            HttpResponse<InputStream> resp = http.send(req, HttpResponse.BodyHandlers.ofInputStream());
            try (InputStream body = resp.body()) {
                if (resp.statusCode() != 200) {
                    return Optional.empty();
                }
                // Never more than a certificate can be: a proxy answering with gigabytes must not fill the heap.
                byte[] vcek = body.readNBytes(EvidenceLimits.CERTIFICATE_BYTES + 1);
                return vcek.length > EvidenceLimits.CERTIFICATE_BYTES ? Optional.empty() : Optional.of(vcek);
            }
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    @Override
    public String name() {
        return "kds:" + base;
    }
}
