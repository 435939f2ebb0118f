package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import java.util.Map;
import java.util.Optional;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.crypto.params.ECPublicKeyParameters;

/**
 * A parsed VCEK or VLEK certificate with its AMD extensions (VCEK/KDS spec 57230). Only structure is
 * checked here; the chain is checked by {@link VcekChainValidator}.
 *
 * @param kind VCEK or VLEK, from the subject CN
 * @param spls SPL values by the last arc of 1.3.6.1.4.1.3704.1.3.N (1 bl, 2 tee, 3 snp, 4-7 reserved, 8 ucode, 9 fmc)
 * @param hwId the hwID extension (VCEK only): 64 bytes, or 8 on Turin
 * @param cspId the CSP_ID extension (VLEK only)
 * @param derSha256 SHA-256 of the DER encoding: the cache key for validated chains
 */
public record VekCertificate(
        X509CertificateHolder certificate,
        SigningKey kind,
        int structVersion,
        String productName,
        Map<Integer, Integer> spls,
        Optional<HexBytes> hwId,
        Optional<String> cspId,
        ECPublicKeyParameters publicKey,
        HexBytes derSha256) {

    public static final int SPL_BOOT_LOADER = 1;
    public static final int SPL_TEE = 2;
    public static final int SPL_SNP = 3;
    public static final int SPL_MICROCODE = 8;
    public static final int SPL_FMC = 9;

    public VekCertificate {
        spls = Map.copyOf(spls);
    }

    /** The product line named by productName (stepping suffix ignored), if recognisable. */
    public Optional<ProductLine> namedProduct() {
        return ProductLine.fromKdsProductName(productName);
    }

    /**
     * The TCB_VERSION this certificate was issued for, encoded with the product's layout (SEV-SNP ABI 56860
     * TCB_VERSION), including the reserved SPLs 4-7 on legacy parts so that the comparison with REPORTED_TCB covers all
     * 8 bytes.
     */
    public long tcbRaw(ProductLine product) {
        if (product.turinTcbLayout()) {
            return spl(SPL_FMC)
                    | spl(SPL_BOOT_LOADER) << 8
                    | spl(SPL_TEE) << 16
                    | spl(SPL_SNP) << 24
                    | spl(SPL_MICROCODE) << 56;
        }
        return spl(SPL_BOOT_LOADER)
                | spl(SPL_TEE) << 8
                | spl(4) << 16
                | spl(5) << 24
                | spl(6) << 32
                | spl(7) << 40
                | spl(SPL_SNP) << 48
                | spl(SPL_MICROCODE) << 56;
    }

    private long spl(int arc) {
        return spls.getOrDefault(arc, 0) & 0xFFL;
    }
}
