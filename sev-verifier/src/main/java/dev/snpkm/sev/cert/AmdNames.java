package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.ProductLine;
import java.util.Optional;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/** Common names AMD uses in the SEV-SNP hierarchy (the subjects of the certificates AMD KDS issues). */
public final class AmdNames {
    public static final String VCEK_CN = "SEV-VCEK";
    public static final String VLEK_CN = "SEV-VLEK";

    private AmdNames() {}

    public static String arkCn(ProductLine p) {
        return "ARK-" + p.kdsName();
    }

    public static String askCn(ProductLine p) {
        return "SEV-" + p.kdsName();
    }

    public static String asvkCn(ProductLine p) {
        return "SEV-VLEK-" + p.kdsName();
    }

    public static Optional<String> commonName(X500Name name) {
        RDN[] rdns = name.getRDNs(BCStyle.CN);
        if (rdns.length != 1) {
            return Optional.empty();
        }
        return Optional.of(IETFUtils.valueToString(rdns[0].getFirst().getValue()));
    }
}
