package dev.snpkm.unlock.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import org.junit.jupiter.api.Test;

/**
 * kmip-unlock.jar is vm-unlock's runtime class path flattened (the shade plugin bundles every compile and runtime
 * dependency), and it goes into the initramfs. It holds only our JDK-only modules and picocli: the SEV-SNP report
 * model comes from sev-report, never from sev-verifier, so neither Bouncy Castle (~9.6 MB) nor Jackson arrives.
 */
class ShippedJarContentsIT {
    /** Everything the jar may hold; any other class means a dependency crept into the runtime class path. */
    private static final List<String> ALLOWED = List.of(
            "META-INF/",
            "dev/snpkm/unlock/",
            "dev/snpkm/client/",
            "dev/snpkm/kmip/",
            "dev/snpkm/sev/report/",
            "picocli/");

    private static List<String> entries() throws Exception {
        Path jar = Path.of(System.getProperty("kmip.unlock.jar", "target/kmip-unlock.jar"));
        assertThat(jar)
                .as("the shaded jar: run through 'mvn verify' (after package)")
                .isRegularFile();
        try (JarFile j = new JarFile(jar.toFile())) {
            return j.stream()
                    .filter(e -> !e.isDirectory())
                    .map(JarEntry::getName)
                    .toList();
        }
    }

    @Test
    void holdsTheReportModelButNoBouncyCastleJacksonOrVerifier() throws Exception {
        List<String> names = entries();

        assertThat(names)
                .contains(
                        "dev/snpkm/sev/report/ReportDecoder.class",
                        "dev/snpkm/unlock/report/ReportDescription.class",
                        "picocli/CommandLine.class");
        assertThat(names)
                .noneMatch(n -> n.startsWith("org/bouncycastle/"))
                .noneMatch(n -> n.startsWith("com/fasterxml/"))
                .noneMatch(n -> n.startsWith("dev/snpkm/sev/verify/") || n.startsWith("dev/snpkm/sev/cert/"));
    }

    @Test
    void holdsNothingOutsideTheAllowedPackages() throws Exception {
        assertThat(entries()).allSatisfy(n -> assertThat(ALLOWED).as(n).anyMatch(n::startsWith));
    }

    @Test
    void bundlesExactlyTheExpectedMavenModules() throws Exception {
        assertThat(entries())
                .filteredOn(n -> n.endsWith("/pom.properties"))
                .map(n -> n.substring("META-INF/maven/".length(), n.length() - "/pom.properties".length()))
                .containsExactlyInAnyOrder(
                        "dev.snpkm/vm-unlock", "dev.snpkm/kmip-client", "dev.snpkm/kmip-core", "dev.snpkm/sev-report");
    }
}
