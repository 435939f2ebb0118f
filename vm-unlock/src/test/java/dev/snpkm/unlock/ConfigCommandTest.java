package dev.snpkm.unlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.unlock.luks.RecordingProcessRunner;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** {@code kmip-unlock config}: the one parser of the config file, run on the README's own example. */
class ConfigCommandTest {
    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        UnlockEnvironment env = new UnlockEnvironment(
                dir,
                new FakeTsm(in -> new byte[0], new byte[0], "sev_guest"),
                new RecordingProcessRunner(),
                (t, a, w) -> id -> new byte[32],
                "cryptsetup");
        CommandLine cl = KmipUnlock.commandLine(env);
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    /** The README's configuration example, exactly as an operator would paste it. */
    static String readmeExample() throws Exception {
        String readme = Files.readString(Path.of("README.md"), StandardCharsets.UTF_8);
        int section = readme.indexOf("## Configuration");
        int start = readme.indexOf("```\n", section) + 4;
        return readme.substring(start, readme.indexOf("```", start));
    }

    @Test
    void theReadmeExampleReadsAsItSays() throws Exception {
        Path conf = dir.resolve("kmip-unlock.conf");
        Files.writeString(conf, readmeExample());

        int status = run("config", "--config", conf.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines())
                .containsExactlyInAnyOrder(
                        "ca=/etc/kmip-unlock/ca.pem",
                        "cert=/etc/kmip-unlock/client.pem",
                        "device=/dev/vda2",
                        "key=/etc/kmip-unlock/client-key.pem",
                        "key-id=8c1f0b7e-2a4d-4c61-9d1e-6f0a3b5c7d21",
                        "key-slot=1",
                        "server=kms.example.internal:5696");
    }

    @Test
    void filesListsTheConfigAndTheTlsFilesOfTheReadmeExampleAndNothingElse() throws Exception {
        // The README's paths, moved under the test directory so that they exist.
        String example = readmeExample().replace("=/etc/kmip-unlock/", "=" + dir + "/");
        Path conf = dir.resolve("kmip-unlock.conf");
        Files.writeString(conf, example);
        for (String f : new String[] {"ca.pem", "client.pem", "client-key.pem"}) {
            Files.writeString(dir.resolve(f), "pem");
        }

        int status = run("config", "--files", "--config", conf.toString());

        assertThat(err.toString()).isEmpty();
        assertThat(status).isEqualTo(ExitCodes.OK);
        assertThat(out.toString().lines())
                .containsExactly(
                        conf.toString(),
                        dir.resolve("ca.pem").toString(),
                        dir.resolve("client.pem").toString(),
                        dir.resolve("client-key.pem").toString());
    }

    @Test
    void filesFailsNamingAFileThatIsMissing() throws Exception {
        Path conf = dir.resolve("kmip-unlock.conf");
        Files.writeString(conf, readmeExample());

        int status = run("config", "--files", "--config", conf.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("ca=/etc/kmip-unlock/ca.pem in " + conf + " names no file");
        assertThat(out.toString()).isEmpty();
    }

    @Test
    void anInlineCommentIsRefusedNamingTheSetting() throws Exception {
        Path conf = dir.resolve("kmip-unlock.conf");
        Files.writeString(conf, "server=kms:5696\nca=/etc/kmip-unlock/ca.pem     # CA bundle\n");

        int status = run("config", "--config", conf.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("setting 'ca'", "a comment must be on a line of its own");
    }

    @Test
    void anUnknownSettingIsRefusedListingTheKnownOnes() throws Exception {
        Path conf = dir.resolve("kmip-unlock.conf");
        Files.writeString(conf, "server=kms:5696\nkeyid=disk-1\n");

        int status = run("config", "--config", conf.toString());

        assertThat(status).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString()).contains("unknown setting(s) [keyid]", "key-id");
    }
}
