package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;

/**
 * The trust anchors: per product line, the pinned ARK and the ASK/ASVK it signed. Trust never comes from
 * the evidence: an ARK in the certificate table is ignored. {@link #builtIn()} loads AMD's real certificates from
 * the jar and checks them against SHA-256 fingerprints compiled in here; tests pass their own hierarchy
 * to {@link #of(Collection)}. The constructor checks ARK self-signature and ARK→ASK/ASVK signatures once.
 */
public final class AmdRootStore {
    /**
     * SHA-256 of the DER of AMD's ARKs, as AMD KDS serves them ({@code /vcek/v1/<product>/cert_chain}); go-sev-guest,
     * virtee, Trustee and MS TAV embed the same certificates.
     */
    private static final Map<ProductLine, String> PINNED_ARK_SHA256 = Map.of(
            ProductLine.MILAN, "69d063b45344d26a2e94e1f4210de49ef555308287d4c174445c95639a540bcd",
            ProductLine.GENOA, "4c6598d19c18719c5dfd4a7d335f674e5bfe1d8f800cea2cf270c10d103db2f1",
            ProductLine.TURIN, "1f084161a44bb6d93778a904877d4819cafa5d05ef4193b2ded9dd9c73dd3f6a");

    private final Map<ProductLine, ProductRoots> roots;

    private AmdRootStore(Map<ProductLine, ProductRoots> roots) {
        this.roots = roots;
    }

    /** A store of the given roots; throws IllegalArgumentException naming the first inconsistent certificate. */
    public static AmdRootStore of(Collection<ProductRoots> productRoots) {
        Map<ProductLine, ProductRoots> map = new EnumMap<>(ProductLine.class);
        for (ProductRoots r : productRoots) {
            checkConsistent(r);
            if (map.put(r.product(), r) != null) {
                throw new IllegalArgumentException("two root sets for product " + r.product());
            }
        }
        return new AmdRootStore(Map.copyOf(map));
    }

    /** AMD's real Milan, Genoa and Turin hierarchies, bundled as resources and checked against pinned fingerprints. */
    public static AmdRootStore builtIn() {
        return BuiltIn.STORE;
    }

    public Optional<ProductRoots> roots(ProductLine product) {
        return Optional.ofNullable(roots.get(product));
    }

    private static void checkConsistent(ProductRoots r) {
        ProductLine p = r.product();
        requireCn(r.ark(), AmdNames.arkCn(p), p);
        requireCn(r.ask(), AmdNames.askCn(p), p);
        requireCn(r.asvk(), AmdNames.asvkCn(p), p);
        if (!AmdSignatureAlgorithm.isSignedBy(r.ark(), r.ark())) {
            throw new IllegalArgumentException(p + " ARK is not validly self-signed with RSASSA-PSS SHA-384");
        }
        if (!AmdSignatureAlgorithm.isSignedBy(r.ask(), r.ark())) {
            throw new IllegalArgumentException(p + " ASK is not signed by the " + p + " ARK");
        }
        if (!AmdSignatureAlgorithm.isSignedBy(r.asvk(), r.ark())) {
            throw new IllegalArgumentException(p + " ASVK is not signed by the " + p + " ARK");
        }
    }

    private static void requireCn(X509CertificateHolder cert, String expected, ProductLine p) {
        String cn = AmdNames.commonName(cert.getSubject()).orElse("(none)");
        if (!cn.equals(expected)) {
            throw new IllegalArgumentException(p + " root certificate has CN " + cn + ", expected " + expected);
        }
    }

    private static final class BuiltIn {
        static final AmdRootStore STORE = load();

        private static AmdRootStore load() {
            Map<ProductLine, ProductRoots> all = new EnumMap<>(ProductLine.class);
            for (ProductLine p : ProductLine.values()) {
                X509CertificateHolder ark = resource(p, "ark.pem");
                String fp = sha256Hex(encoded(ark));
                if (!fp.equals(PINNED_ARK_SHA256.get(p))) {
                    throw new IllegalStateException(
                            "bundled " + p + " ARK has SHA-256 " + fp + ", not the pinned AMD fingerprint");
                }
                all.put(p, new ProductRoots(p, ark, resource(p, "ask.pem"), resource(p, "asvk.pem")));
            }
            return of(all.values());
        }

        private static X509CertificateHolder resource(ProductLine p, String name) {
            String path = "amd/" + p.lowerName() + "/" + name;
            try (InputStream in = AmdRootStore.class.getResourceAsStream(path)) {
                if (in == null) {
                    throw new IllegalStateException("missing resource dev/snpkm/sev/cert/" + path);
                }
                return CertificateDecoder.certificate(in.readAllBytes());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (CertificateProblem e) {
                throw new IllegalStateException("bundled certificate " + path + ": " + e.getMessage(), e);
            }
        }
    }

    static byte[] encoded(X509CertificateHolder cert) {
        try {
            return cert.getEncoded();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String sha256Hex(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 unavailable", e);
        }
    }
}
