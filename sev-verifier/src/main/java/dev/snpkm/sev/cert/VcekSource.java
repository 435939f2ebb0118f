package dev.snpkm.sev.cert;

import java.util.List;
import java.util.Optional;

/**
 * Where the verifier finds a VCEK/VLEK certificate when the guest did not send one in its certificate
 * table (on-prem hosts often do not). Whatever a source returns is still validated against
 * the pinned roots: sources are about availability, not trust. Implementations must be thread-safe.
 */
public interface VcekSource {

    /** The DER or PEM certificate for the request, or empty if this source does not have it. */
    Optional<byte[]> find(VekRequest request);

    /** A short name for logs and verdicts ("offline-dir:/var/lib/...", "kds"). */
    String name();

    static VcekSource none() {
        return new VcekSource() {
            @Override
            public Optional<byte[]> find(VekRequest request) {
                return Optional.empty();
            }

            @Override
            public String name() {
                return "none";
            }
        };
    }

    /** Asks each source in order; the first hit wins. */
    static VcekSource firstOf(List<VcekSource> sources) {
        List<VcekSource> copy = List.copyOf(sources);
        return new VcekSource() {
            @Override
            public Optional<byte[]> find(VekRequest request) {
                for (VcekSource s : copy) {
                    Optional<byte[]> hit = s.find(request);
                    if (hit.isPresent()) {
                        return hit;
                    }
                }
                return Optional.empty();
            }

            @Override
            public String name() {
                return copy.stream()
                        .map(VcekSource::name)
                        .reduce((a, b) -> a + "," + b)
                        .orElse("none");
            }
        };
    }
}
