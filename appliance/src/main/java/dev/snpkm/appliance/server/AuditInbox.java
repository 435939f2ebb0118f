package dev.snpkm.appliance.server;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.server.audit.AuditEvent;
import dev.snpkm.server.audit.AuditLog;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Audit records of the admin actions kmipctl takes on the data directory without the running process (it holds the
 * store's file lock): {@code clients issue}, {@code clients revoke}, {@code backup restore}. kmipctl drops one small
 * file per action into {@code <data-dir>/audit-inbox/} (written aside, then renamed); the appliance appends
 * them to the keyed chain at start and every few seconds, then deletes them. At least once: a crash between the
 * append and the delete chains a file twice. The actor says where the record came from: whoever can write the data
 * directory (the appliance user) could drop a file, which is the privilege these actions need anyway.
 */
public final class AuditInbox {
    private static final Logger LOG = LoggerFactory.getLogger(AuditInbox.class);
    static final String ACTOR = "kmipctl (offline, on the data directory)";
    /** A record is a few lines; anything bigger is not one of ours. */
    private static final long MAX_FILE_BYTES = 8 * 1024;
    /** Per run, so a flood of files cannot hold the audit chain for long. */
    private static final int MAX_FILES_PER_RUN = 1_000;

    private static final SecureRandom RANDOM = new SecureRandom();

    private AuditInbox() {}

    /** kmipctl's side: records one action for the appliance to chain. */
    public static void submit(DataDirectory dir, String action, String outcome, String detail) throws IOException {
        create(dir);
        Path inbox = dir.auditInbox();
        Properties p = new Properties();
        p.setProperty("at", Instant.now().toString());
        p.setProperty("action", action);
        p.setProperty("outcome", outcome);
        p.setProperty("detail", detail);
        StringWriter text = new StringWriter();
        p.store(text, null);
        byte[] id = new byte[8];
        RANDOM.nextBytes(id);
        String name = System.currentTimeMillis() + "-" + HexFormat.of().formatHex(id);
        Path aside = inbox.resolve("." + name + ".tmp");
        // Not secret (names, fingerprints), and the appliance's user must read it even when root ran kmipctl: the
        // default mode; the data directory (0700) keeps other users out.
        Files.write(aside, text.toString().getBytes(StandardCharsets.ISO_8859_1));
        Files.move(aside, inbox.resolve(name + ".record"), StandardCopyOption.ATOMIC_MOVE);
    }

    /** Creates the inbox (0700) if absent, so that it belongs to the appliance's user rather than kmipctl's. */
    public static void create(DataDirectory dir) throws IOException {
        if (!Files.isDirectory(dir.auditInbox())) {
            OwnerOnlyFile.createDirectory(dir.auditInbox());
        }
    }

    /** The appliance's side: chains the waiting records, oldest first, then deletes their files. */
    public static int ingest(DataDirectory dir, AuditLog log) {
        Path inbox = dir.auditInbox();
        if (!Files.isDirectory(inbox)) {
            return 0;
        }
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> s = Files.newDirectoryStream(inbox, "*.record")) {
            for (Path f : s) {
                files.add(f);
            }
        } catch (IOException e) {
            LOG.warn("event=audit_inbox_unreadable dir={} error=\"{}\"", inbox, e.toString());
            return 0;
        }
        files.sort(null); // names start with the submission time
        List<AuditEvent> events = new ArrayList<>();
        List<Path> taken = new ArrayList<>();
        for (Path f : files.subList(0, Math.min(files.size(), MAX_FILES_PER_RUN))) {
            events.add(read(f));
            taken.add(f);
        }
        if (events.isEmpty()) {
            return 0;
        }
        log.appendAll(events);
        for (Path f : taken) {
            try {
                Files.deleteIfExists(f);
            } catch (IOException e) {
                LOG.warn("event=audit_inbox_delete_failed file={} error=\"{}\"", f, e.toString());
            }
        }
        return events.size();
    }

    /** A file that is too big or does not parse is still recorded, as what it is: nothing is dropped silently. */
    private static AuditEvent read(Path f) {
        try {
            if (Files.size(f) > MAX_FILE_BYTES) {
                return new AuditEvent(
                        ACTOR,
                        "inbox-rejected",
                        null,
                        "refused",
                        f.getFileName() + " is larger than " + MAX_FILE_BYTES + " bytes");
            }
            Properties p = new Properties();
            p.load(new StringReader(Files.readString(f, StandardCharsets.ISO_8859_1)));
            String action = p.getProperty("action");
            if (action == null || action.length() > 64) {
                return new AuditEvent(ACTOR, "inbox-rejected", null, "refused", f.getFileName() + " has no action");
            }
            String detail = "at " + p.getProperty("at", "?") + ": " + p.getProperty("detail", "");
            return new AuditEvent(
                    ACTOR,
                    action,
                    null,
                    p.getProperty("outcome", "ok"),
                    detail.length() > 3_900 ? detail.substring(0, 3_900) + "…" : detail);
        } catch (IOException | IllegalArgumentException e) {
            return new AuditEvent(ACTOR, "inbox-rejected", null, "refused", f.getFileName() + ": " + e);
        }
    }
}
