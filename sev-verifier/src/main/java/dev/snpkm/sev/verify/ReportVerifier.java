package dev.snpkm.sev.verify;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.cert.CertTableGuid;
import dev.snpkm.sev.cert.CertificateProblem;
import dev.snpkm.sev.cert.CertificateTable;
import dev.snpkm.sev.cert.EvidenceLimits;
import dev.snpkm.sev.cert.ValidatedChain;
import dev.snpkm.sev.cert.VcekChainValidator;
import dev.snpkm.sev.cert.VcekSource;
import dev.snpkm.sev.cert.VekCertificate;
import dev.snpkm.sev.cert.VekCertificateParser;
import dev.snpkm.sev.cert.VekRequest;
import dev.snpkm.sev.policy.PolicyEvaluator;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.AttestationReport;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.ReportDecoder;
import dev.snpkm.sev.report.ReportFormatException;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import dev.snpkm.sev.verdict.VekSummary;
import dev.snpkm.sev.verdict.Verdict;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.jspecify.annotations.Nullable;

/**
 * Verifies an SEV-SNP attestation report end to end: format, product line, VCEK/VLEK chain to the pinned
 * ARK, report signature, report ↔ certificate binding, then the release policy and the expected REPORT_DATA.
 * Every failed check is named in the {@link Verdict}.
 *
 * <p>Thread-safe: one instance serves all requests. VEK certificates whose chain to the pinned root verified are
 * cached by the certificate bytes, so a repeated verification costs about one byte comparison plus the
 * P-384 verification; validity dates are still checked against the {@link Clock} on every call. Only verified chains
 * are kept, and the cache is bounded by bytes (evicting the least recently used), so a peer sending a different
 * garbage certificate with every request costs a parse each time and no memory. Evidence larger than genuine
 * evidence can be ({@link EvidenceLimits}) is refused before it is parsed.
 */
public final class ReportVerifier {
    private final VcekChainValidator chainValidator;
    private final VcekSource vekSource;
    private final Clock clock;
    private final Optional<ProductLine> assumedProduct;
    private final Cache<VerifiedKey, Verified> verified;

    /** The certificate's exact bytes (no crafted certificate can collide with a cached one) and the product. */
    private record VerifiedKey(HexBytes der, ProductLine product) {}

    /** A VEK whose chain to the pinned root verified for its product. */
    private record Verified(ParsedVek parsed, ValidatedChain chain) {}

    /** A parse result: the certificate, or the problem with it. */
    private record ParsedVek(
            @Nullable VekCertificate vek,
            @Nullable String problem,
            @Nullable VekSummary summary) {}

    /** What a cache entry weighs besides its certificate: the parsed certificate, key and chain objects. */
    static final int ENTRY_OVERHEAD_BYTES = 8 * 1024;

    private ReportVerifier(Builder b) {
        this.chainValidator = new VcekChainValidator(b.roots, b.crls);
        this.vekSource = b.vekSource;
        this.clock = b.clock;
        this.assumedProduct = Optional.ofNullable(b.assumedProduct);
        this.verified = Caffeine.newBuilder()
                .maximumWeight(b.maxCacheBytes)
                .weigher((VerifiedKey k, Verified v) -> k.der().length() + ENTRY_OVERHEAD_BYTES)
                .executor(Runnable::run) // upkeep on the verifying thread, not a common-pool wake-up per release
                .build();
    }

    /** A builder trusting AMD's real pinned roots, with the system UTC clock and no VEK source besides the table. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * The key server's entry point.
     *
     * @param reportBytes the raw 1184-byte ATTESTATION_REPORT
     * @param certTableBytes the GHCB certificate table sent with it (auxblob), or null if none
     * @param expectedReportData the 64 bytes REPORT_DATA must equal (compared in constant time), or null to rely on the policy
     * @param policy the release policy to apply (required)
     */
    public Verdict verify(
            byte[] reportBytes,
            byte @Nullable [] certTableBytes,
            byte @Nullable [] expectedReportData,
            ReleasePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return run(reportBytes, Evidence.table(certTableBytes), expectedReportData, policy);
    }

    /** As {@link #verify}, with the VCEK/VLEK certificate (DER or PEM) supplied directly instead of a table. */
    public Verdict verifyWithVek(
            byte[] reportBytes, byte[] vekCertificate, byte @Nullable [] expectedReportData, ReleasePolicy policy) {
        Objects.requireNonNull(policy, "policy");
        return run(reportBytes, Evidence.vek(vekCertificate), expectedReportData, policy);
    }

    /**
     * Authenticity only (format, chain, signature, binding, optional REPORT_DATA), no release policy. For
     * diagnostics (the CLI without --policy); never use it to decide a key release.
     */
    public Verdict verifyAuthenticity(
            byte[] reportBytes,
            byte @Nullable [] certTableBytes,
            byte @Nullable [] vekCertificate,
            byte @Nullable [] expectedReportData) {
        Evidence e = vekCertificate != null ? Evidence.vek(vekCertificate) : Evidence.table(certTableBytes);
        return run(reportBytes, e, expectedReportData, null);
    }

    private record Evidence(byte @Nullable [] certTable, byte @Nullable [] vek) {
        static Evidence table(byte @Nullable [] t) {
            return new Evidence(t, null);
        }

        static Evidence vek(byte @Nullable [] v) {
            return new Evidence(null, v);
        }
    }

    /** The verified-certificate cache's default bound. */
    public static final long DEFAULT_CACHE_BYTES = 4L * 1024 * 1024;

    private Verdict run(
            byte[] reportBytes,
            Evidence evidence,
            byte @Nullable [] expectedReportData,
            @Nullable ReleasePolicy policy) {
        List<Failure> failures = new ArrayList<>();
        AttestationReport report;
        try {
            report = ReportDecoder.decode(reportBytes);
        } catch (ReportFormatException e) {
            failures.add(Failure.of(FailureCode.REPORT_MALFORMED, e.getMessage()));
            return new Verdict(failures, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (expectedReportData != null && expectedReportData.length != 64) {
            failures.add(Failure.of(
                    FailureCode.REPORT_DATA_MISMATCH,
                    "expected REPORT_DATA must be 64 bytes, got " + expectedReportData.length));
        }
        failures.addAll(ReportFormatRules.check(report));
        boolean fatal = failures.stream().anyMatch(f -> ReportFormatRules.FATAL.contains(f.code()));
        Optional<SigningKey> signingKey = report.keyInfo().signingKey().filter(k -> k != SigningKey.NONE);

        Optional<ProductLine> product = productFromReport(report, failures);
        Optional<VekSummary> summary = Optional.empty();
        if (signingKey.isPresent()) {
            Optional<Located> located = locateVek(report, signingKey.get(), product, evidence, failures);
            if (located.isPresent()) {
                VekCertificate vek = located.get().vek();
                summary = Optional.of(located.get().summary());
                product = reconcileProduct(report, product, vek, failures);
                if (vek.kind() != signingKey.get()) {
                    failures.add(Failure.of(
                            FailureCode.VEK_KIND_MISMATCH,
                            "KEY_INFO says the report is signed by the " + signingKey.get()
                                    + " but the certificate is a " + vek.kind()));
                }
                if (product.isPresent()) {
                    ProductLine p = product.get();
                    ValidatedChain chain = chain(located.get(), p);
                    failures.addAll(chain.failures());
                    failures.addAll(chain.validityFailures(clock.instant()));
                    failures.addAll(VekReportBinding.check(report, vek, p));
                }
                if (!fatal && !ReportSignatureVerifier.verify(reportBytes, vek.publicKey())) {
                    failures.add(Failure.of(
                            FailureCode.SIGNATURE_INVALID,
                            "report signature does not verify with the " + vek.kind() + " public key"));
                }
            }
        }
        if (policy != null) {
            failures.addAll(PolicyEvaluator.evaluate(
                    report,
                    product,
                    policy,
                    expectedReportData != null && expectedReportData.length == 64 ? expectedReportData : null));
        } else if (expectedReportData != null
                && expectedReportData.length == 64
                && !report.reportData().contentEquals(expectedReportData)) {
            failures.add(Failure.of(FailureCode.REPORT_DATA_MISMATCH, "REPORT_DATA does not equal the expected value"));
        }
        return new Verdict(failures, Optional.of(report), product, signingKey, summary);
    }

    /** CPUID (v3+) first, then the configured product; disagreement is a failure. */
    private Optional<ProductLine> productFromReport(AttestationReport r, List<Failure> failures) {
        if (r.hasCpuid()) {
            Optional<ProductLine> fromCpuid = r.productFromCpuid();
            if (fromCpuid.isEmpty()) {
                failures.add(Failure.of(
                        FailureCode.PRODUCT_UNKNOWN,
                        String.format(
                                "CPUID family 0x%02x model 0x%02x is not a known product line",
                                r.cpuidFamily(), r.cpuidModel())));
                return assumedProduct;
            }
            if (assumedProduct.isPresent() && assumedProduct.get() != fromCpuid.get()) {
                failures.add(Failure.of(
                        FailureCode.PRODUCT_MISMATCH,
                        "the report's CPUID says " + fromCpuid.get() + " but the configured product is "
                                + assumedProduct.get()));
            }
            return fromCpuid;
        }
        return assumedProduct;
    }

    /** For v2 reports without configuration the VEK's productName decides; Turin needs v3+ to pick its TCB layout safely. */
    private Optional<ProductLine> reconcileProduct(
            AttestationReport r, Optional<ProductLine> product, VekCertificate vek, List<Failure> failures) {
        Optional<ProductLine> named = vek.namedProduct();
        Optional<ProductLine> result = product;
        if (product.isEmpty()) {
            if (named.isEmpty()) {
                failures.add(Failure.of(
                        FailureCode.PRODUCT_UNKNOWN,
                        "product line unknown: report v" + r.version()
                                + " has no CPUID and the certificate's productName '" + vek.productName()
                                + "' is not recognised; configure the product"));
                return Optional.empty();
            }
            result = named;
        } else if (named.isPresent() && named.get() != product.get()) {
            failures.add(Failure.of(
                    FailureCode.PRODUCT_MISMATCH,
                    "the " + vek.kind() + " certificate is for " + vek.productName() + " but the report is from "
                            + product.get()));
        }
        if (result.get() == ProductLine.TURIN && !r.hasCpuid()) {
            failures.add(Failure.of(
                    FailureCode.REPORT_VERSION_UNSUPPORTED,
                    "Turin reports must be version 3 or later (v2 has no CPUID to confirm the TCB layout)"));
        }
        return result;
    }

    private record Located(HexBytes der, VekCertificate vek, VekSummary summary) {}

    private Optional<Located> locateVek(
            AttestationReport r, SigningKey kind, Optional<ProductLine> product, Evidence e, List<Failure> failures) {
        byte[] bytes = null;
        String source = null;
        if (e.vek() != null) {
            bytes = e.vek();
            source = "supplied";
        } else if (e.certTable() != null) {
            try {
                CertificateTable table = CertificateTable.parse(e.certTable());
                bytes = table.find(kind == SigningKey.VLEK ? CertTableGuid.VLEK : CertTableGuid.VCEK)
                        .orElse(null);
                source = "cert-table";
            } catch (CertificateProblem p) {
                failures.add(Failure.of(FailureCode.CERT_TABLE_MALFORMED, p.getMessage()));
            }
        }
        if (bytes == null) {
            List<ProductLine> candidates = product.map(List::of).orElse(List.of(ProductLine.values()));
            for (ProductLine p : candidates) {
                Optional<byte[]> hit = vekSource.find(new VekRequest(p, kind, r.chipId(), r.reportedTcb()));
                if (hit.isPresent()) {
                    bytes = hit.get();
                    source = vekSource.name();
                    break;
                }
            }
        }
        if (bytes == null) {
            failures.add(Failure.of(
                    FailureCode.VEK_UNAVAILABLE,
                    "no " + kind + " certificate: none in the certificate table and none from " + vekSource.name()));
            return Optional.empty();
        }
        if (bytes.length > EvidenceLimits.CERTIFICATE_BYTES) {
            failures.add(Failure.of(
                    FailureCode.VEK_MALFORMED,
                    kind + " certificate from " + source + " is "
                            + bytes.length + " bytes, more than the " + EvidenceLimits.CERTIFICATE_BYTES
                            + " any certificate may be"));
            return Optional.empty();
        }
        HexBytes der = HexBytes.of(bytes);
        ParsedVek parsed = parse(der, product);
        if (parsed.vek() == null) {
            failures.add(Failure.of(
                    FailureCode.VEK_MALFORMED, kind + " certificate from " + source + ": " + parsed.problem()));
            return Optional.empty();
        }
        VekSummary base = Objects.requireNonNull(parsed.summary(), "a parsed certificate has its summary");
        VekSummary summary = new VekSummary(
                base.kind(),
                base.subject(),
                base.issuer(),
                base.productName(),
                base.notBefore(),
                base.notAfter(),
                base.sha256(),
                base.hwId(),
                base.cspId(),
                source);
        return Optional.of(new Located(der, parsed.vek(), summary));
    }

    /** A certificate verified before for some product is not parsed again; any other is parsed now. */
    private ParsedVek parse(HexBytes der, Optional<ProductLine> product) {
        for (ProductLine p : product.map(List::of).orElse(List.of(ProductLine.values()))) {
            Verified hit = verified.getIfPresent(new VerifiedKey(der, p));
            if (hit != null) {
                return hit.parsed();
            }
        }
        try {
            VekCertificate vek = VekCertificateParser.parse(der.toByteArray());
            return new ParsedVek(vek, null, summarize(vek, ""));
        } catch (CertificateProblem p) {
            return new ParsedVek(null, p.getMessage(), null);
        }
    }

    /** The chain of the located certificate; kept for next time only if it verified. */
    private ValidatedChain chain(Located located, ProductLine product) {
        VerifiedKey key = new VerifiedKey(located.der(), product);
        Verified hit = verified.getIfPresent(key);
        if (hit != null) {
            return hit.chain();
        }
        ValidatedChain chain = chainValidator.validate(located.vek(), product);
        if (chain.failures().isEmpty()) {
            VekCertificate vek = located.vek();
            verified.put(key, new Verified(new ParsedVek(vek, null, summarize(vek, "")), chain));
        }
        return chain;
    }

    /** Verified certificates cached now (for tests and metrics). */
    public long cachedCertificates() {
        verified.cleanUp();
        return verified.estimatedSize();
    }

    /** Bytes the cache is charged for now: certificate bytes plus a fixed overhead per entry. */
    public long cachedBytes() {
        verified.cleanUp();
        return verified.policy().eviction().map(e -> e.weightedSize().orElse(0)).orElse(0L);
    }

    private static VekSummary summarize(VekCertificate vek, String source) {
        var c = vek.certificate();
        return new VekSummary(
                vek.kind(),
                c.getSubject().toString(),
                c.getIssuer().toString(),
                vek.productName(),
                c.getNotBefore().toInstant(),
                c.getNotAfter().toInstant(),
                vek.derSha256().hex(),
                vek.hwId().map(HexBytes::hex),
                vek.cspId(),
                source);
    }

    /** Configuration of a {@link ReportVerifier}. */
    public static final class Builder {
        private AmdRootStore roots = AmdRootStore.builtIn();
        private List<X509CRLHolder> crls = List.of();
        private VcekSource vekSource = VcekSource.none();
        private Clock clock = Clock.systemUTC();
        private @Nullable ProductLine assumedProduct;
        private long maxCacheBytes = DEFAULT_CACHE_BYTES;

        private Builder() {}

        /** Trust anchors; defaults to AMD's real pinned Milan/Genoa/Turin roots. Tests pass their generated hierarchy. */
        public Builder roots(AmdRootStore roots) {
            this.roots = Objects.requireNonNull(roots);
            return this;
        }

        /** AMD CRLs (issued by the ARKs), checked for revoked ASK/ASVK; each must verify under a pinned ARK. */
        public Builder crls(List<X509CRLHolder> crls) {
            this.crls = List.copyOf(crls);
            return this;
        }

        /** Where to find VCEKs/VLEKs the certificate table lacks (offline directory, KDS). */
        public Builder vekSource(VcekSource source) {
            this.vekSource = Objects.requireNonNull(source);
            return this;
        }

        /** Clock for certificate validity; pin it to verify old evidence. */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock);
            return this;
        }

        /** The product line to assume for v2 reports (which carry no CPUID); for v3+ a mismatch is a failure. */
        public Builder assumedProduct(ProductLine product) {
            this.assumedProduct = product;
            return this;
        }

        /** The verified-certificate cache's bound in bytes (default 4 MiB: some 400 certificates). */
        public Builder maxCacheBytes(long bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("maxCacheBytes must be positive");
            }
            this.maxCacheBytes = bytes;
            return this;
        }

        public ReportVerifier build() {
            return new ReportVerifier(this);
        }
    }
}
