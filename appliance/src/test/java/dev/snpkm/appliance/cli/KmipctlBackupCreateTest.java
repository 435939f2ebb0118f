package dev.snpkm.appliance.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.snpkm.appliance.http.AdminMac;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kmipctl backup create} writes the streamed backup under a temporary name and gives it --out only once the
 * stream's final chunk arrived: a backup the appliance gave up part-way (the stream ends on a whole chunk) or a cut
 * connection leaves no file at --out and no temporary file beside it. A stand-in plays the appliance's side.
 */
class KmipctlBackupCreateTest {
    private static final int RECORD = 64 * 1024 + 16;
    private static final String OUT = "appliance.bak";
    private static final String TOKEN = "0123456789abcdef0123456789abcdef";
    private static final String NONCE = HexFormat.of().formatHex(new byte[32]);
    private static final String ANCHOR = "7:" + "ab".repeat(32);

    @TempDir
    Path dataDir;

    private HttpServer appliance;
    /** What the stand-in answers POST /admin/backup with. */
    private volatile Answer answer = Answer.COMPLETE;

    private enum Answer {
        /** Header, two full records, a short final one. */
        COMPLETE,
        /** Header and two full records, the HTTP body ended cleanly: what a backup failing part-way leaves. */
        NO_FINAL_CHUNK,
        /** Header and a record and a half, then the connection closed mid-body. */
        CUT,
        /** The appliance refused before streaming. */
        REFUSED
    }

    private static final byte[] STREAM = stream();

    @BeforeEach
    void start() throws IOException {
        Files.writeString(dataDir.resolve("admin.token"), TOKEN + "\n");
        appliance = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        appliance.createContext("/", this::answer);
        appliance.start();
    }

    @AfterEach
    void stop() {
        appliance.stop(0);
    }

    private void answer(HttpExchange ex) throws IOException {
        ex.getRequestBody().readAllBytes();
        if (ex.getRequestURI().getPath().equals("/admin/challenge")) {
            try (ex) {
                byte[] nonce = NONCE.getBytes(UTF_8);
                ex.sendResponseHeaders(200, nonce.length);
                ex.getResponseBody().write(nonce);
            }
            return;
        }
        ex.getResponseHeaders().set("X-Audit-Anchor", ANCHOR);
        if (answer != Answer.REFUSED) {
            sign(ex, 200, AdminMac.STREAMED);
        }
        switch (answer) {
            case COMPLETE -> send(ex, STREAM.length);
            case NO_FINAL_CHUNK -> send(ex, 47 + 2 * RECORD);
            case CUT -> {
                ex.sendResponseHeaders(200, 0);
                OutputStream out = ex.getResponseBody();
                out.write(STREAM, 0, 47 + RECORD + RECORD / 2);
                out.flush();
                // Thrown without closing the exchange: the JDK server closes the connection mid-body.
                throw new IOException("stand-in cuts the transfer");
            }
            case REFUSED -> {
                try (ex) {
                    byte[] why = "backup failed: the store is on PostgreSQL".getBytes(UTF_8);
                    sign(ex, 500, AdminMac.bodyHash(why));
                    ex.sendResponseHeaders(500, why.length);
                    ex.getResponseBody().write(why);
                }
            }
        }
    }

    /** The appliance's response MAC, as kmipctl requires of every answer. */
    private static void sign(HttpExchange ex, int status, String body) {
        ex.getResponseHeaders()
                .set(
                        AdminMac.RESPONSE_HEADER,
                        AdminMac.responseHeader(
                                AdminMac.key(TOKEN),
                                new AdminMac.Answer(NONCE, "POST", "/admin/backup", status, ANCHOR, body)));
    }

    private static void send(HttpExchange ex, int length) throws IOException {
        try (ex) {
            ex.sendResponseHeaders(200, 0);
            ex.getResponseBody().write(STREAM, 0, length);
        }
    }

    private record Run(int exit, String out, String err) {}

    private Run create(Path out) {
        StringWriter o = new StringWriter();
        StringWriter e = new StringWriter();
        String[] args = Stream.of(
                        "backup",
                        "create",
                        "--out",
                        out.toString(),
                        "--admin-url",
                        "http://127.0.0.1:" + appliance.getAddress().getPort(),
                        "--data-dir",
                        dataDir.toString())
                .toArray(String[]::new);
        int exit = Kmipctl.execute(new PrintWriter(o, true), new PrintWriter(e, true), args);
        return new Run(exit, o.toString(), e.toString());
    }

    @Test
    void aCompleteStreamIsWrittenOwnerOnlyWithItsAnchor() throws Exception {
        Path out = dataDir.resolve("backups/appliance.bak");
        Run r = create(out);
        assertThat(r.exit()).as(r.err()).isZero();
        assertThat(Files.readAllBytes(out)).isEqualTo(STREAM);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-------");
        assertThat(r.out()).contains(STREAM.length + " bytes").contains("audit_anchor=7:" + "ab".repeat(32));
    }

    @Test
    void aStreamWithoutItsFinalChunkLeavesNoFile() throws Exception {
        assertThat(refused(Answer.NO_FINAL_CHUNK))
                .startsWith(
                        "kmipctl: backup not written to " + OUT + ": the backup stream ended without its final chunk");
    }

    @Test
    void aCutConnectionLeavesNoFile() throws Exception {
        assertThat(refused(Answer.CUT))
                .startsWith("kmipctl: backup not written to " + OUT + ": the backup stream broke off after ");
    }

    @Test
    void aRefusalIsReportedWithTheAppliancesReason() throws Exception {
        assertThat(refused(Answer.REFUSED)).isEqualTo("kmipctl: backup failed: the store is on PostgreSQL (HTTP 500)");
    }

    /** kmipctl's one-line error when the stand-in answers so; fails the test unless it exits 1 and leaves nothing. */
    private String refused(Answer a) throws IOException {
        answer = a;
        Path out = dataDir.resolve(OUT);
        Run r = create(out);
        assertThat(r.exit()).as(r.err()).isEqualTo(1);
        assertNothingLeft(out);
        assertThat(r.err().strip()).doesNotContain("\n");
        return r.err().strip().replace(dataDir.toString() + "/", "");
    }

    private void assertNothingLeft(Path out) throws IOException {
        assertThat(out).doesNotExist();
        try (Stream<Path> files = Files.list(out.getParent())) {
            assertThat(files.map(p -> p.getFileName().toString())).containsOnly("admin.token");
        }
    }

    /** A stream's framing with arbitrary bytes: kmipctl cannot open it, only check where it ends. */
    private static byte[] stream() {
        byte[] body = new byte[2 * RECORD + 1000];
        new Random(7).nextBytes(body);
        return ByteBuffer.allocate(47 + body.length)
                .put("SNPKMBK2".getBytes(UTF_8))
                .put(new byte[39])
                .put(body)
                .array();
    }
}
