package dev.snpkm.sev.report;

import java.util.Locale;
import java.util.Optional;

/**
 * AMD EPYC product lines that have their own ARK (KDS products Milan, Genoa, Turin). Bergamo and Siena (Zen4c) are
 * certified under Genoa's KDS product, so they map to {@link #GENOA}.
 */
public enum ProductLine {
    MILAN("Milan", false, 64),
    GENOA("Genoa", false, 64),
    TURIN("Turin", true, 8);

    private final String kdsName;
    private final boolean turinTcbLayout;
    private final int hwIdLength;

    ProductLine(String kdsName, boolean turinTcbLayout, int hwIdLength) {
        this.kdsName = kdsName;
        this.turinTcbLayout = turinTcbLayout;
        this.hwIdLength = hwIdLength;
    }

    /** Name used by AMD KDS URLs and certificate CNs ("Milan", "ARK-Milan", "SEV-Milan"). */
    public String kdsName() {
        return kdsName;
    }

    /**
     * Turin (family 1Ah) puts FMC SPL first in TCB_VERSION (SEV-SNP ABI 56860); the layout follows the family, not the
     * report version.
     */
    public boolean turinTcbLayout() {
        return turinTcbLayout;
    }

    /** hwID / significant CHIP_ID bytes: 64, or 8 on Turin (VCEK hwID extension, KDS spec 57230). */
    public int hwIdLength() {
        return hwIdLength;
    }

    /** Product line from the report's CPUID_FAM_ID / CPUID_MOD_ID (v3+); model ranges as in Trustee and snpguest. */
    public static Optional<ProductLine> fromCpuid(int family, int model) {
        if (family == 0x19) {
            if (model <= 0x0F) {
                return Optional.of(MILAN);
            }
            if (model <= 0x1F || (model >= 0xA0 && model <= 0xAF)) {
                return Optional.of(GENOA);
            }
        } else if (family == 0x1A && model <= 0x11) {
            return Optional.of(TURIN);
        }
        return Optional.empty();
    }

    /**
     * Product line from the VCEK productName extension ("Milan-B0", "Genoa", "Turin"). The stepping
     * suffix is unreliable (KDS issues "Milan-B0" for B1 parts), so only the part before '-' is used.
     */
    public static Optional<ProductLine> fromKdsProductName(String productName) {
        if (productName == null) {
            return Optional.empty();
        }
        String base = productName.split("-", 2)[0];
        for (ProductLine p : values()) {
            if (p.kdsName.equalsIgnoreCase(base)) {
                return Optional.of(p);
            }
        }
        return Optional.empty();
    }

    /** Parses a user-supplied name: "milan", "GENOA", "Turin". */
    public static ProductLine parse(String name) {
        for (ProductLine p : values()) {
            if (p.name().equalsIgnoreCase(name.strip())) {
                return p;
            }
        }
        throw new IllegalArgumentException("unknown product line '" + name + "' (expected milan, genoa or turin)");
    }

    public String lowerName() {
        return name().toLowerCase(Locale.ROOT);
    }
}
