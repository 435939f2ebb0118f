package dev.snpkm.sev.policy;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.jspecify.annotations.Nullable;

/**
 * What a guest must prove before a key bound to this policy is released. Immutable; validated when built.
 * Empty allow-lists mean "not constrained" (measurements, ID/author key digests, chip ids, products);
 * the defaults of {@link Builder} are the safe ones: no debug, no migration agent, VMPL 0, VCEK only.
 *
 * @param measurements allowed MEASUREMENT values (48 bytes each); empty = any measurement
 * @param minimumTcb per product line, the floor that REPORTED_TCB, CURRENT_TCB, COMMITTED_TCB and LAUNCH_TCB must each
 *     meet, compared component-wise (SEV-SNP ABI 56860 TCB_VERSION)
 * @param products allowed product lines; empty = all
 * @param allowProvisionalFirmware let COMMITTED_TCB stay below {@code minimumTcb} (a host trying out firmware it has
 *     not committed, which it can still roll back); off by default
 * @param vmpl the VMPL the report must carry (0 for a plain guest, which runs at VMPL0)
 * @param hostData expected HOST_DATA (32 bytes), if any
 * @param chipIds allowed CHIP_IDs (64 bytes, or 8 for Turin); empty = any chip
 * @param signingKeys which report signing keys are acceptable (VCEK: chip-bound; VLEK: CSP-bound)
 * @param reportData expected REPORT_DATA (64 bytes), if fixed by the policy (usually supplied per request instead)
 */
public record ReleasePolicy(
        String name,
        List<HexBytes> measurements,
        Map<ProductLine, TcbVersion> minimumTcb,
        Set<ProductLine> products,
        boolean allowDebug,
        boolean allowMigrationAgent,
        boolean allowSmt,
        boolean requireSingleSocket,
        boolean allowProvisionalFirmware,
        long vmpl,
        Optional<HexBytes> hostData,
        List<HexBytes> idKeyDigests,
        List<HexBytes> authorKeyDigests,
        List<HexBytes> chipIds,
        Set<SigningKey> signingKeys,
        Optional<HexBytes> reportData,
        long minimumGuestSvn) {

    public ReleasePolicy {
        Objects.requireNonNull(name, "name");
        measurements = List.copyOf(measurements);
        minimumTcb = Map.copyOf(minimumTcb);
        products = products.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(products));
        Objects.requireNonNull(hostData, "hostData");
        idKeyDigests = List.copyOf(idKeyDigests);
        authorKeyDigests = List.copyOf(authorKeyDigests);
        chipIds = List.copyOf(chipIds);
        signingKeys = Set.copyOf(signingKeys);
        Objects.requireNonNull(reportData, "reportData");
        requireLengths("measurement", measurements, 48);
        hostData.ifPresent(h -> requireLength("host-data", h, 32));
        requireLengths("id-key-digest", idKeyDigests, 48);
        requireLengths("author-key-digest", authorKeyDigests, 48);
        reportData.ifPresent(h -> requireLength("report-data", h, 64));
        for (HexBytes c : chipIds) {
            if (c.length() != 64 && c.length() != 8) {
                throw new IllegalArgumentException(
                        "policy " + name + ": chip id must be 64 bytes (or 8 for Turin), got " + c.length());
            }
        }
        if (signingKeys.isEmpty() || signingKeys.contains(SigningKey.NONE)) {
            throw new IllegalArgumentException("policy " + name + ": signing-keys must list vcek and/or vlek");
        }
        if (vmpl < 0 || vmpl > 3) {
            throw new IllegalArgumentException("policy " + name + ": vmpl must be 0..3, got " + vmpl);
        }
        if (minimumGuestSvn < 0 || minimumGuestSvn > 0xFFFFFFFFL) {
            throw new IllegalArgumentException("policy " + name + ": minimum-guest-svn must be a u32");
        }
    }

    private static void requireLengths(String field, List<HexBytes> values, int length) {
        values.forEach(v -> requireLength(field, v, length));
    }

    private static void requireLength(String field, HexBytes v, int length) {
        if (v.length() != length) {
            throw new IllegalArgumentException(field + " must be " + length + " bytes, got " + v.length());
        }
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public Builder toBuilder() {
        Builder b = new Builder(name);
        b.measurements = measurements;
        b.minimumTcb = minimumTcb;
        b.products = products;
        b.allowDebug = allowDebug;
        b.allowMigrationAgent = allowMigrationAgent;
        b.allowSmt = allowSmt;
        b.requireSingleSocket = requireSingleSocket;
        b.allowProvisionalFirmware = allowProvisionalFirmware;
        b.vmpl = vmpl;
        b.hostData = hostData;
        b.idKeyDigests = idKeyDigests;
        b.authorKeyDigests = authorKeyDigests;
        b.chipIds = chipIds;
        b.signingKeys = signingKeys;
        b.reportData = reportData;
        b.minimumGuestSvn = minimumGuestSvn;
        return b;
    }

    /** Mutable builder with safe defaults. */
    public static final class Builder {
        private final String name;
        private List<HexBytes> measurements = List.of();
        private Map<ProductLine, TcbVersion> minimumTcb = Map.of();
        private Set<ProductLine> products = Set.of();
        private boolean allowDebug;
        private boolean allowMigrationAgent;
        private boolean allowSmt = true;
        private boolean requireSingleSocket;
        private boolean allowProvisionalFirmware;
        private long vmpl;
        private Optional<HexBytes> hostData = Optional.empty();
        private List<HexBytes> idKeyDigests = List.of();
        private List<HexBytes> authorKeyDigests = List.of();
        private List<HexBytes> chipIds = List.of();
        private Set<SigningKey> signingKeys = Set.of(SigningKey.VCEK);
        private Optional<HexBytes> reportData = Optional.empty();
        private long minimumGuestSvn;

        private Builder(String name) {
            this.name = name;
        }

        public Builder measurements(List<HexBytes> v) {
            measurements = v;
            return this;
        }

        public Builder minimumTcb(Map<ProductLine, TcbVersion> v) {
            minimumTcb = v;
            return this;
        }

        public Builder products(Set<ProductLine> v) {
            products = v;
            return this;
        }

        public Builder allowDebug(boolean v) {
            allowDebug = v;
            return this;
        }

        public Builder allowMigrationAgent(boolean v) {
            allowMigrationAgent = v;
            return this;
        }

        public Builder allowSmt(boolean v) {
            allowSmt = v;
            return this;
        }

        public Builder requireSingleSocket(boolean v) {
            requireSingleSocket = v;
            return this;
        }

        public Builder allowProvisionalFirmware(boolean v) {
            allowProvisionalFirmware = v;
            return this;
        }

        public Builder vmpl(long v) {
            vmpl = v;
            return this;
        }

        public Builder hostData(@Nullable HexBytes v) {
            hostData = Optional.ofNullable(v);
            return this;
        }

        public Builder idKeyDigests(List<HexBytes> v) {
            idKeyDigests = v;
            return this;
        }

        public Builder authorKeyDigests(List<HexBytes> v) {
            authorKeyDigests = v;
            return this;
        }

        public Builder chipIds(List<HexBytes> v) {
            chipIds = v;
            return this;
        }

        public Builder signingKeys(Set<SigningKey> v) {
            signingKeys = v;
            return this;
        }

        public Builder reportData(@Nullable HexBytes v) {
            reportData = Optional.ofNullable(v);
            return this;
        }

        public Builder minimumGuestSvn(long v) {
            minimumGuestSvn = v;
            return this;
        }

        public ReleasePolicy build() {
            return new ReleasePolicy(
                    name,
                    measurements,
                    minimumTcb,
                    products,
                    allowDebug,
                    allowMigrationAgent,
                    allowSmt,
                    requireSingleSocket,
                    allowProvisionalFirmware,
                    vmpl,
                    hostData,
                    idKeyDigests,
                    authorKeyDigests,
                    chipIds,
                    signingKeys,
                    reportData,
                    minimumGuestSvn);
        }
    }
}
