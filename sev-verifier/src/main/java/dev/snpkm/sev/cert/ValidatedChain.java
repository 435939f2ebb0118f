package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The time-independent result of checking VEK ← ASK/ASVK ← ARK: signature and name failures (empty if the
 * chain is good). Immutable, so the verifier caches it by VEK DER hash; the clock-dependent checks
 * (validity periods, CRL freshness) run on every use through {@link #validityFailures(Instant)}.
 *
 * @param path VEK, intermediate (ASK or ASVK), ARK
 */
public record ValidatedChain(
        ProductLine product,
        VekCertificate vek,
        List<Failure> failures,
        List<X509CertificateHolder> path,
        Optional<X509CRLHolder> crl,
        List<Validity> validity,
        Optional<Instant> crlNextUpdate) {

    /** A certificate's validity window, decoded once (ASN.1 time parsing is too slow for the per-request path). */
    public record Validity(String commonName, Instant notBefore, Instant notAfter) {}

    public ValidatedChain {
        failures = List.copyOf(failures);
        path = List.copyOf(path);
        validity = List.copyOf(validity);
    }

    public ValidatedChain(
            ProductLine product,
            VekCertificate vek,
            List<Failure> failures,
            List<X509CertificateHolder> path,
            Optional<X509CRLHolder> crl) {
        this(
                product,
                vek,
                failures,
                path,
                crl,
                path.stream()
                        .map(c -> new Validity(
                                AmdNames.commonName(c.getSubject())
                                        .orElse(c.getSubject().toString()),
                                c.getNotBefore().toInstant(),
                                c.getNotAfter().toInstant()))
                        .toList(),
                crl.map(X509CRLHolder::getNextUpdate).map(java.util.Date::toInstant));
    }

    public boolean signaturesValid() {
        return failures.isEmpty();
    }

    /** Validity-period failures at {@code now} for each certificate of the path, and a stale CRL. */
    public List<Failure> validityFailures(Instant now) {
        List<Failure> out = new ArrayList<>(0);
        for (Validity v : validity) {
            Instant notBefore = v.notBefore();
            Instant notAfter = v.notAfter();
            String cn = v.commonName();
            if (now.isBefore(notBefore)) {
                out.add(Failure.of(
                        FailureCode.CERT_EXPIRED,
                        cn + " certificate is not valid before " + notBefore + " (verification time " + now + ")"));
            } else if (now.isAfter(notAfter)) {
                out.add(Failure.of(
                        FailureCode.CERT_EXPIRED,
                        cn + " certificate expired at " + notAfter + " (verification time " + now + ")"));
            }
        }
        crlNextUpdate.ifPresent(next -> {
            if (now.isAfter(next)) {
                out.add(Failure.of(
                        FailureCode.CRL_INVALID,
                        "the " + product + " CRL is stale: nextUpdate " + next + " has passed; fetch a new one"));
            }
        });
        return out;
    }
}
