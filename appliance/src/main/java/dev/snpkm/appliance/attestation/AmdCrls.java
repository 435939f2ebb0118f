package dev.snpkm.appliance.attestation;

import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.cert.CertificateDecoder;
import dev.snpkm.sev.cert.CertificateProblem;
import dev.snpkm.sev.cert.VcekChainValidator;
import dev.snpkm.sev.report.ProductLine;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * AMD's per-product CRLs ({@code attestation.amd-crls}), fetched by the operator from AMD's key distribution service
 * and installed as files: the appliance makes no outbound connections. Each must be signed by the pinned ARK of a
 * product, or the appliance does not start. The verifier refuses a report whose ASK or ASVK any of them revokes, and
 * every report of a product one of whose CRLs is past its next update (fail closed: a stale list cannot say a key
 * was not revoked since), so each next update is logged and exported as a gauge to alert on.
 */
public final class AmdCrls {
    /** Seconds since the epoch of each configured CRL's next update, tagged by product and file name. */
    public static final String NEXT_UPDATE_GAUGE = "kmip.amd.crl.next.update.timestamp.seconds";

    private static final Logger LOG = LoggerFactory.getLogger(AmdCrls.class);
    private static final long MAX_FILE_BYTES = 16L * 1024 * 1024;

    /** One loaded file. */
    public record Loaded(Path file, ProductLine product, X509CRLHolder crl) {
        public Optional<Instant> nextUpdate() {
            return Optional.ofNullable(crl.getNextUpdate()).map(java.util.Date::toInstant);
        }
    }

    private AmdCrls() {}

    /** Reads and checks every file; the first bad one fails the load, with a message naming the file. */
    public static List<Loaded> load(List<Path> files, AmdRootStore roots) throws IOException {
        List<Loaded> loaded = new ArrayList<>();
        for (Path file : files) {
            loaded.add(read(file, roots));
        }
        return List.copyOf(loaded);
    }

    /** One PEM or DER CRL, issued and signed by the pinned ARK of one product. */
    public static Loaded read(Path file, AmdRootStore roots) throws IOException {
        if (Files.size(file) > MAX_FILE_BYTES) {
            throw new IOException(file + " is larger than " + MAX_FILE_BYTES + " bytes: not an AMD CRL");
        }
        X509CRLHolder crl;
        try {
            crl = CertificateDecoder.crl(Files.readAllBytes(file));
        } catch (CertificateProblem e) {
            throw new IOException(file + " is not a PEM or DER X.509 CRL: " + e.getMessage(), e);
        }
        try {
            return new Loaded(file, VcekChainValidator.issuingProduct(roots, crl), crl); // issuer and ARK signature
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    /** The CRLs alone, for {@code ReportVerifier.Builder.crls}. */
    public static List<X509CRLHolder> crls(List<Loaded> loaded) {
        return loaded.stream().map(Loaded::crl).toList();
    }

    /** Logs each CRL (a warning for one already past its next update) and exports its next update. */
    public static void announce(List<Loaded> loaded, MeterRegistry meters, Instant now) {
        for (Loaded l : loaded) {
            Instant next = l.nextUpdate().orElse(Instant.MAX);
            if (now.isAfter(next)) {
                LOG.warn(
                        "event=amd_crl_stale file={} product={} next_update={} effect=\"every {} report is refused"
                                + " until a fresh CRL from AMD's KDS is installed and the appliance restarted\"",
                        l.file(),
                        l.product().lowerName(),
                        next,
                        l.product().lowerName());
            } else {
                LOG.info(
                        "event=amd_crl file={} product={} this_update={} next_update={} revoked={}",
                        l.file(),
                        l.product().lowerName(),
                        l.crl().getThisUpdate().toInstant(),
                        l.nextUpdate().map(Instant::toString).orElse("none"),
                        l.crl().getRevokedCertificates().size());
            }
            if (l.nextUpdate().isEmpty()) {
                continue; // a CRL without a next update never lapses: nothing to alert on
            }
            long seconds = l.nextUpdate().get().getEpochSecond();
            Gauge.builder(NEXT_UPDATE_GAUGE, () -> seconds)
                    .description("Next update of a configured AMD CRL; a report of its product is refused after it")
                    .tag("product", l.product().lowerName())
                    .tag("file", l.file().toAbsolutePath().toString()) // AMD's two lists are both named "crl"
                    .register(meters);
        }
    }
}
