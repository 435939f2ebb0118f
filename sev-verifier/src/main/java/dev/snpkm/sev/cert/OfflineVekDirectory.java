package dev.snpkm.sev.cert;

import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * An offline cache of VCEK/VLEK certificates pre-provisioned by an administrator: on-prem hosts often send none,
 * and AMD KDS rate-limits, so they are fetched out of band and verified offline. Every *.der, *.pem, *.crt or *.cer
 * file under the directory (any depth) is read once at construction and indexed by its extensions, so the file layout
 * is free. Unreadable files are listed in {@link #problems()} rather than failing the whole directory.
 */
public final class OfflineVekDirectory implements VcekSource {
    private final Path dir;
    private final List<VekCertificate> certificates;
    private final List<String> problems;

    public OfflineVekDirectory(Path dir) {
        this.dir = dir;
        List<VekCertificate> certs = new ArrayList<>();
        List<String> bad = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            throw new IllegalArgumentException("VCEK cache directory " + dir + " does not exist or is not a directory");
        }
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile)
                    .filter(OfflineVekDirectory::isCertificateFile)
                    .sorted()
                    .toList()) {
                try {
                    certs.add(VekCertificateParser.parse(EvidenceFiles.read(f, EvidenceLimits.CERTIFICATE_BYTES)));
                } catch (CertificateProblem e) {
                    bad.add(f + ": " + e.getMessage());
                } catch (IOException e) {
                    bad.add(e.getMessage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read VCEK cache directory " + dir, e);
        }
        this.certificates = List.copyOf(certs);
        this.problems = List.copyOf(bad);
    }

    private static boolean isCertificateFile(Path p) {
        String n = p.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".der") || n.endsWith(".pem") || n.endsWith(".crt") || n.endsWith(".cer");
    }

    public List<String> problems() {
        return problems;
    }

    public int size() {
        return certificates.size();
    }

    @Override
    public Optional<byte[]> find(VekRequest request) {
        ProductLine p = request.product();
        for (VekCertificate c : certificates) {
            if (c.kind() != request.kind() || c.tcbRaw(p) != request.reportedTcb()) {
                continue;
            }
            if (c.namedProduct().isPresent() && c.namedProduct().get() != p) {
                continue;
            }
            if (c.hwId().isPresent() && !matchesChip(c.hwId().get(), request.chipId(), p)) {
                continue;
            }
            return Optional.of(AmdRootStore.encoded(c.certificate()));
        }
        return Optional.empty();
    }

    private static boolean matchesChip(HexBytes hwId, HexBytes chipId, ProductLine p) {
        return hwId.length() <= chipId.length()
                && hwId.contentEquals(chipId.slice(0, hwId.length()).toByteArray())
                && hwId.length() == p.hwIdLength();
    }

    @Override
    public String name() {
        return "offline-dir:" + dir;
    }
}
