package dev.snpkm.kmip.testing;

import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.xml.KmipXmlTestCase;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/** The OASIS Profiles test-case files under testdata/kmip/oasis-profiles (both versions, all folders). */
public final class OasisTestCases {
    private OasisTestCases() {}

    /** Every test-case file, sorted; fails if the set looks incomplete. */
    public static List<Path> files() {
        Path root = TestData.resolve("kmip/oasis-profiles");
        try (Stream<Path> s = Files.walk(root)) {
            List<Path> files =
                    s.filter(p -> p.toString().endsWith(".xml")).sorted().toList();
            if (files.size() < 150) {
                throw new IllegalStateException(
                        "expected the full OASIS test-case set, found " + files.size() + " files under " + root);
            }
            return files;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** v1.4 files take KMIP 1.4 names, v2.1 files 2.1 names. */
    public static KmipVersion versionOf(Path file) {
        return file.toString().contains("/v1.4/") ? KmipVersion.V1_4 : KmipVersion.V2_1;
    }

    /** Every Request and Response Message of every file, placeholders replaced by stand-ins. */
    public static List<Ttlv> allMessages() {
        List<Ttlv> out = new ArrayList<>();
        for (Path f : files()) {
            try {
                out.addAll(KmipXmlTestCase.load(f));
            } catch (Exception e) {
                throw new IllegalStateException("cannot load " + f, e);
            }
        }
        return out;
    }
}
