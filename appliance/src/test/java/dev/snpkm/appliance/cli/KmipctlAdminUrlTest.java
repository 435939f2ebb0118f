package dev.snpkm.appliance.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kmipctl sends admin commands, with a MAC under the data directory's admin token, to --admin-url. The appliance
 * serves its admin routes over plain http on loopback only, so any other URL is refused before the token is read:
 * here the data directory has no admin.token, so a URL that got past the check fails on reading it instead.
 */
class KmipctlAdminUrlTest {
    @TempDir
    Path tmp;

    @Test
    void urlsOffThisHostsLoopbackAreRefusedBeforeTheTokenIsRead() {
        for (String url : List.of(
                "http://10.0.0.5:9696",
                "http://kms.example:9696",
                "http://127.0.0.1.kms.example:9696",
                "http://localhost.kms.example:9696",
                "http://[::2]:9696",
                "http://[::ffff:10.0.0.5]:9696",
                "https://kms.example:9696",
                "https://127.0.0.1:9696",
                "ftp://127.0.0.1/",
                "127.0.0.1:9696",
                "http://admin:secret@127.0.0.1:9696")) {
            Outcome o = policiesList(url);
            assertThat(o.exit).as(url).isEqualTo(1);
            assertThat(o.err.strip())
                    .as(url)
                    .startsWith("kmipctl: --admin-url ")
                    .contains("kmipctl sends admin commands only to http://127.0.0.1")
                    .doesNotContain("admin.token", "secret", "\n");
        }
    }

    @Test
    void httpToALoopbackLiteralOrLocalhostIsAccepted() {
        for (String url : List.of(
                "http://127.0.0.1:9696",
                "http://127.42.0.7:9696/",
                "HTTP://LOCALHOST:9696",
                "http://localhost",
                "http://[::1]:9696")) {
            Outcome o = policiesList(url);
            assertThat(o.exit).as(url).isEqualTo(1);
            assertThat(o.err).as(url).startsWith("kmipctl: cannot read ").contains("admin.token");
        }
    }

    @Test
    void aBackupOntoADanglingSymlinkIsRefusedBeforeTheAdminRouteIsAsked() throws Exception {
        Path link = java.nio.file.Files.createSymbolicLink(tmp.resolve("backup.snpkm"), tmp.resolve("elsewhere"));
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "backup",
                "create",
                "--out",
                link.toString(),
                "--admin-url",
                "http://127.0.0.1:9",
                "--data-dir",
                tmp.toString());
        assertThat(exit).isEqualTo(1);
        // Before, the check followed the link, found nothing, and the backup was made before the write refused it.
        assertThat(err.toString()).contains(link + " exists; choose a new file name");
    }

    private Outcome policiesList(String url) {
        StringWriter err = new StringWriter();
        int exit = Kmipctl.execute(
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                "policies",
                "list",
                "--admin-url",
                url,
                "--data-dir",
                tmp.toString());
        return new Outcome(exit, err.toString());
    }

    private record Outcome(int exit, String err) {}
}
