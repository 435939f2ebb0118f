package dev.snpkm.sev.testing;

import dev.snpkm.sev.cert.AmdNames;
import dev.snpkm.sev.cert.AmdRootStore;
import dev.snpkm.sev.cert.ProductRoots;
import dev.snpkm.sev.cert.VekCertificateParser;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import java.io.IOException;
import java.math.BigInteger;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.bouncycastle.asn1.ASN1Integer;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CRLHolder;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v2CRLBuilder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.ContentSigner;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A fake AMD key hierarchy generated at test time, shaped like the real one (VCEK/KDS spec 57230): per product an
 * RSA-4096 ARK (self-signed), ASK and ASVK, all RSASSA-PSS SHA-384 salt 48, with AMD's names; VCEKs/VLEKs are
 * P-384 certificates with serial 0 and AMD's extensions. Generation is slow (RSA-4096), so the hierarchy is
 * made once per JVM: use {@link #get()}. Other modules' tests get this class from the sev-verifier test-jar.
 */
public final class TestAmdHierarchy {
    private static final BouncyCastleProvider BC = new BouncyCastleProvider();
    private static final Instant ROOT_FROM = Instant.parse("2020-01-01T00:00:00Z");
    private static final Instant ROOT_TO = Instant.parse("2045-01-01T00:00:00Z");

    private record Product(ProductRoots roots, KeyPair ark, KeyPair ask, KeyPair asvk) {}

    private final Map<ProductLine, Product> products;
    private final AmdRootStore rootStore;

    private static final class Holder {
        static final TestAmdHierarchy INSTANCE = new TestAmdHierarchy();
    }

    /** The per-JVM hierarchy (generated on first use, ~2-5 s). */
    public static TestAmdHierarchy get() {
        return Holder.INSTANCE;
    }

    private TestAmdHierarchy() {
        // Nine RSA-4096 keys: generate them in parallel, the slowest step of the whole test suite.
        List<KeyPair> keys = java.util.stream.IntStream.range(0, ProductLine.values().length * 3)
                .parallel()
                .mapToObj(i -> rsa4096())
                .toList();
        Map<ProductLine, Product> map = new EnumMap<>(ProductLine.class);
        int i = 0;
        for (ProductLine p : ProductLine.values()) {
            KeyPair ark = keys.get(i++);
            KeyPair ask = keys.get(i++);
            KeyPair asvk = keys.get(i++);
            X500Name arkName = amdName(AmdNames.arkCn(p));
            int base = 0x10000 * (p.ordinal() + 1);
            X509CertificateHolder arkCert =
                    caCert(arkName, arkName, ark.getPublic(), ark, BigInteger.valueOf(base), -1);
            X509CertificateHolder askCert =
                    caCert(amdName(AmdNames.askCn(p)), arkName, ask.getPublic(), ark, BigInteger.valueOf(base + 1), 0);
            X509CertificateHolder asvkCert = caCert(
                    amdName(AmdNames.asvkCn(p)), arkName, asvk.getPublic(), ark, BigInteger.valueOf(base + 0x101), 0);
            map.put(p, new Product(new ProductRoots(p, arkCert, askCert, asvkCert), ark, ask, asvk));
        }
        this.products = map;
        List<ProductRoots> roots = new ArrayList<>();
        map.values().forEach(pr -> roots.add(pr.roots()));
        this.rootStore = AmdRootStore.of(roots);
    }

    /** The trust anchors to give a verifier under test: {@code ReportVerifier.builder().roots(h.rootStore())}. */
    public AmdRootStore rootStore() {
        return rootStore;
    }

    public ProductRoots roots(ProductLine p) {
        return products.get(p).roots();
    }

    /** Issues a VCEK or VLEK as the spec says, with a fresh P-384 key. */
    public TestVek issue(VekSpec spec) {
        KeyPair key = p384();
        Product issuer = products.get(spec.issuerProduct());
        boolean vlek = spec.kind() == SigningKey.VLEK;
        X509CertificateHolder issuerCert =
                vlek ? issuer.roots().asvk() : issuer.roots().ask();
        KeyPair issuerKey = vlek ? issuer.asvk() : issuer.ask();
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuerCert.getSubject(),
                    BigInteger.ZERO,
                    Date.from(spec.notBefore()),
                    Date.from(spec.notAfter()),
                    amdName(vlek ? AmdNames.VLEK_CN : AmdNames.VCEK_CN),
                    key.getPublic());
            b.addExtension(
                    VekCertificateParser.STRUCT_VERSION,
                    false,
                    new ASN1Integer(spec.product().turinTcbLayout() ? 1 : 0));
            b.addExtension(VekCertificateParser.PRODUCT_NAME, false, new DERIA5String(spec.productName()));
            long t = spec.tcbRaw();
            if (spec.product().turinTcbLayout()) {
                spl(b, 1, t, 1);
                spl(b, 2, t, 2);
                spl(b, 3, t, 3);
                spl(b, 8, t, 7);
                spl(b, 9, t, 0);
            } else {
                spl(b, 1, t, 0);
                spl(b, 2, t, 1);
                spl(b, 4, t, 2);
                spl(b, 5, t, 3);
                spl(b, 6, t, 4);
                spl(b, 7, t, 5);
                spl(b, 3, t, 6);
                spl(b, 8, t, 7);
            }
            if (vlek) {
                b.addExtension(VekCertificateParser.CSP_ID, false, new DERIA5String(spec.cspId()));
            } else {
                // hwID is raw bytes with no ASN.1 tag, exactly as AMD encodes it.
                byte[] hw = spec.hwIdRawExtension()
                        .map(h -> h.toByteArray())
                        .orElse(spec.hwId().toByteArray());
                b.addExtension(new Extension(VekCertificateParser.HW_ID, false, hw));
            }
            return new TestVek(b.build(pssSigner(issuerKey)), key);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** A CRL of the product's ARK listing the given serials (e.g. the ASK's), valid until {@code nextUpdate}. */
    public X509CRLHolder crl(ProductLine p, Instant thisUpdate, Instant nextUpdate, BigInteger... revoked) {
        Product pr = products.get(p);
        X509v2CRLBuilder b = new X509v2CRLBuilder(pr.roots().ark().getSubject(), Date.from(thisUpdate));
        b.setNextUpdate(Date.from(nextUpdate));
        for (BigInteger s : revoked) {
            b.addCRLEntry(s, Date.from(thisUpdate), 0);
        }
        return b.build(pssSigner(pr.ark()));
    }

    private static void spl(X509v3CertificateBuilder b, int arc, long tcb, int byteIndex) throws IOException {
        b.addExtension(
                VekCertificateParser.TCB_ARC.branch(Integer.toString(arc)),
                false,
                new ASN1Integer((tcb >>> (8 * byteIndex)) & 0xFF));
    }

    private static X509CertificateHolder caCert(
            X500Name subject, X500Name issuer, PublicKey key, KeyPair signer, BigInteger serial, int pathLen) {
        try {
            X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                    issuer, serial, Date.from(ROOT_FROM), Date.from(ROOT_TO), subject, key);
            b.addExtension(
                    Extension.basicConstraints,
                    true,
                    pathLen < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLen));
            b.addExtension(
                    Extension.keyUsage,
                    true,
                    new KeyUsage(pathLen < 0 ? KeyUsage.keyCertSign | KeyUsage.cRLSign : KeyUsage.keyCertSign));
            return b.build(pssSigner(signer));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ContentSigner pssSigner(KeyPair signer) {
        try {
            // BC's SHA384withRSAandMGF1 uses MGF1-SHA-384 and salt 48: AMD's exact profile.
            return new JcaContentSignerBuilder("SHA384withRSAandMGF1")
                    .setProvider(BC)
                    .build(signer.getPrivate());
        } catch (OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    static X500Name amdName(String cn) {
        return new X500NameBuilder(BCStyle.INSTANCE)
                .addRDN(BCStyle.OU, "Engineering")
                .addRDN(BCStyle.C, "US")
                .addRDN(BCStyle.L, "Santa Clara")
                .addRDN(BCStyle.ST, "CA")
                .addRDN(BCStyle.O, "Advanced Micro Devices")
                .addRDN(BCStyle.CN, cn)
                .build();
    }

    private static KeyPair rsa4096() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
            g.initialize(4096);
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair p384() {
        try {
            KeyPairGenerator g = KeyPairGenerator.getInstance("EC");
            g.initialize(new ECGenParameterSpec("secp384r1"));
            return g.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
