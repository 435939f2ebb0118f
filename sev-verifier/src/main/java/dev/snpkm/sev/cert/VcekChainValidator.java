package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.verdict.Failure;
import dev.snpkm.sev.verdict.FailureCode;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * Validates ARK → ASK → VCEK and ARK → ASVK → VLEK against the pinned {@link AmdRootStore}
 * (VCEK/KDS spec 57230). The intermediate is always the pinned one: an ASK or ARK sent in the
 * certificate table is never trusted. Optional CRLs are AMD's per-product CRLs, issued by the ARK; they can
 * only revoke an ASK/ASVK (VCEKs all have serial 0). Several CRLs of one product are all checked, and all must be
 * current: AMD publishes one list for the ASK (vcek/.../crl) and one for the ASVK (vlek/.../crl), both issued by the
 * ARK, so a fresh one says nothing about the other being current; a revocation in any of them counts. The CRL that
 * lapses first is the one whose next update every report of the product is checked against. Immutable and
 * thread-safe.
 */
public final class VcekChainValidator {
    private final AmdRootStore roots;
    private final Map<ProductLine, List<X509CRLHolder>> crls;

    public VcekChainValidator(AmdRootStore roots) {
        this(roots, List.of());
    }

    /** Each CRL must be signed by the pinned ARK of some product; throws IllegalArgumentException otherwise. */
    public VcekChainValidator(AmdRootStore roots, Collection<X509CRLHolder> crls) {
        this.roots = roots;
        Map<ProductLine, List<X509CRLHolder>> byProduct = new EnumMap<>(ProductLine.class);
        for (X509CRLHolder crl : crls) {
            byProduct
                    .computeIfAbsent(issuingProduct(roots, crl), p -> new ArrayList<>())
                    .add(crl);
        }
        // The first to lapse first: ValidatedChain checks the first one's next update (no next update: never lapses).
        byProduct.replaceAll((p, list) -> list.stream()
                .sorted(Comparator.comparing((X509CRLHolder c) -> c.getNextUpdate() == null
                        ? Instant.MAX
                        : c.getNextUpdate().toInstant()))
                .toList());
        this.crls = Map.copyOf(byProduct);
    }

    /**
     * The product whose pinned ARK issued and signed {@code crl}; IllegalArgumentException, naming the issuer, if
     * none did.
     */
    public static ProductLine issuingProduct(AmdRootStore roots, X509CRLHolder crl) {
        ProductLine issuer = null;
        for (ProductLine p : ProductLine.values()) {
            Optional<ProductRoots> r = roots.roots(p);
            if (r.isPresent()
                    && crl.getIssuer().equals(r.get().ark().getSubject())
                    && AmdSignatureAlgorithm.isSignedBy(crl, r.get().ark())) {
                issuer = p;
            }
        }
        if (issuer == null) {
            throw new IllegalArgumentException(
                    "CRL issued by " + crl.getIssuer() + " is not validly signed by any pinned ARK");
        }
        return issuer;
    }

    public ValidatedChain validate(VekCertificate vek, ProductLine product) {
        List<Failure> failures = new ArrayList<>();
        Optional<ProductRoots> maybeRoots = roots.roots(product);
        if (maybeRoots.isEmpty()) {
            failures.add(
                    Failure.of(FailureCode.CHAIN_INVALID, "no pinned AMD root certificates for product " + product));
            return new ValidatedChain(product, vek, failures, List.of(vek.certificate()), Optional.empty());
        }
        ProductRoots r = maybeRoots.get();
        X509CertificateHolder intermediate = vek.kind() == SigningKey.VLEK ? r.asvk() : r.ask();
        String vekName = vek.kind().name();
        String expectedIssuer = AmdNames.commonName(intermediate.getSubject()).orElse("?");
        String actualIssuer = AmdNames.commonName(vek.certificate().getIssuer())
                .orElse(vek.certificate().getIssuer().toString());
        Optional<String> pss =
                AmdSignatureAlgorithm.checkPssSha384(vek.certificate().getSignatureAlgorithm());
        if (!vek.certificate().getIssuer().equals(intermediate.getSubject())) {
            failures.add(Failure.of(
                    FailureCode.CHAIN_INVALID,
                    vekName + " is issued by " + actualIssuer + ", not by the pinned " + product + " "
                            + expectedIssuer));
        } else if (pss.isPresent()) {
            failures.add(Failure.of(FailureCode.CHAIN_INVALID, vekName + " certificate: " + pss.get()));
        } else if (!AmdSignatureAlgorithm.isSignedBy(vek.certificate(), intermediate)) {
            failures.add(Failure.of(
                    FailureCode.CHAIN_INVALID,
                    vekName + " certificate signature does not verify with the pinned " + expectedIssuer + " key"));
        }
        List<X509CRLHolder> productCrls = crls.getOrDefault(product, List.of());
        if (productCrls.stream().anyMatch(c -> c.getRevokedCertificate(intermediate.getSerialNumber()) != null)) {
            failures.add(Failure.of(
                    FailureCode.CERT_REVOKED,
                    expectedIssuer + " (serial 0x"
                            + intermediate.getSerialNumber().toString(16) + ") is revoked by the " + product + " CRL"));
        }
        return new ValidatedChain(
                product,
                vek,
                failures,
                List.of(vek.certificate(), intermediate, r.ark()),
                productCrls.stream().findFirst());
    }
}
