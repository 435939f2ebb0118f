package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import java.util.Objects;
import org.bouncycastle.cert.X509CertificateHolder;

/** The pinned AMD certificates of one product line: ARK (root), ASK (signs VCEKs), ASVK (signs VLEKs). */
public record ProductRoots(
        ProductLine product, X509CertificateHolder ark, X509CertificateHolder ask, X509CertificateHolder asvk) {
    public ProductRoots {
        Objects.requireNonNull(product, "product");
        Objects.requireNonNull(ark, "ark");
        Objects.requireNonNull(ask, "ask");
        Objects.requireNonNull(asvk, "asvk");
    }
}
