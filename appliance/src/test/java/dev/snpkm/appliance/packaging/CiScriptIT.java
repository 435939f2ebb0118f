package dev.snpkm.appliance.packaging;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** .ci/run says what it installs and runs Maven so that the module progress and reactor summary are printed. */
class CiScriptIT {
    private static final Path ROOT = Path.of(System.getProperty("repo.root", ".."));

    @Test
    void saysWhatItInstallsWhenSomethingIsMissing() throws Exception {
        // /usr/sbin off the PATH: cryptsetup looks missing, as on a fresh machine.
        String out = dryRun("/usr/bin:/bin");
        assertThat(out).contains("ci: installing cryptsetup-bin (apt-get)", "ci: running mvn -B -ntp verify");
    }

    @Test
    void saysNothingIsInstalledWhenAllIsThere() throws Exception {
        String out = dryRun("/usr/local/bin:/usr/bin:/bin:/usr/sbin:/sbin");
        assertThat(out).contains("already installed").doesNotContain("installing");
    }

    @Test
    void mavenRunsWithoutQuietSoTheReactorSummaryIsPrinted() throws Exception {
        String script = Files.readString(ROOT.resolve(".ci/run"));
        assertThat(script.lines().filter(l -> l.strip().startsWith("mvn ")))
                .singleElement()
                .asString()
                .doesNotContain(" -q")
                .contains("verify");
        assertThat(script).doesNotContain(">/dev/null\nfi").doesNotContain("install -y -qq");
    }

    private static String dryRun(String path) throws Exception {
        ProcessBuilder pb =
                new ProcessBuilder("bash", ROOT.resolve(".ci/run").toString(), "--dry-run").redirectErrorStream(true);
        pb.environment().put("PATH", path);
        Process p = pb.start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String out = new String(p.getInputStream().readAllBytes());
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }
}
