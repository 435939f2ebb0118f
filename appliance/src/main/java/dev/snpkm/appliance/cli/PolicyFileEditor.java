package dev.snpkm.appliance.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.snpkm.appliance.bootstrap.OwnerOnlyFile;
import dev.snpkm.server.policy.ReleasePolicyFile;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.yaml.ReleasePolicyLoader;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.util.Iterator;
import java.util.TreeSet;

/**
 * Adds an allowed measurement to one policy of the appliance's policy file (ReleasePolicyFile's format). The result
 * is validated as a reload would before it replaces the file, and the replacement is durable: written to a
 * temporary file, fsynced, renamed over the original, the directory fsynced. Comments in a YAML file are not kept
 * (the YAML library does not read them); the caller is told.
 */
final class PolicyFileEditor {
    /** What changed. */
    record Outcome(boolean added, boolean commentsDropped) {}

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES));
    private static final ObjectMapper JSON = new ObjectMapper();

    private PolicyFileEditor() {}

    static Outcome addMeasurement(Path file, String policy, String measurementHex) throws CliFailure {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new CliFailure("cannot read policy file " + file + ": " + e.getMessage());
        }
        boolean json = text.stripLeading().startsWith("{");
        JsonNode root;
        try {
            // Strict like the appliance's own read: rewriting a file with a key given twice would silently keep one.
            root = ReleasePolicyLoader.readTree(text, file.toString());
        } catch (PolicyFormatException e) {
            throw new CliFailure(String.valueOf(e.getMessage()));
        }
        JsonNode policies = root == null ? null : root.get("policies");
        if (!(policies instanceof ObjectNode all) || !(all.get(policy) instanceof ObjectNode entry)) {
            TreeSet<String> names = new TreeSet<>();
            if (policies != null) {
                for (Iterator<String> it = policies.fieldNames(); it.hasNext(); ) {
                    names.add(it.next());
                }
            }
            throw new CliFailure("no policy '" + policy + "' in " + file + " (it has " + names + ")");
        }
        JsonNode list = entry.get("measurements");
        if (list != null && !list.isArray()) {
            throw new CliFailure("policy '" + policy + "' in " + file + ": 'measurements' is not a list");
        }
        ArrayNode measurements = list == null ? entry.putArray("measurements") : (ArrayNode) list;
        for (JsonNode m : measurements) {
            if (m.asText().equalsIgnoreCase(measurementHex)) {
                return new Outcome(false, false);
            }
        }
        if (measurements.isEmpty() && list != null) {
            // An explicit empty list allows ANY measurement; one entry would silently narrow it to this one.
            throw new CliFailure("policy '" + policy + "' allows any measurement (measurements: []); adding one would "
                    + "narrow it to this measurement only: edit the file if that is what you want");
        }
        measurements.add(measurementHex);
        String updated;
        try {
            updated = json
                    ? JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root) + "\n"
                    : YAML.writeValueAsString(root);
            ReleasePolicyFile.parse(updated);
        } catch (IOException e) {
            throw new CliFailure("cannot write the updated policies: " + e.getMessage());
        } catch (PolicyFormatException e) {
            throw new CliFailure("the updated " + file + " would not load, left unchanged: " + e.getMessage());
        }
        replaceDurably(file, updated);
        return new Outcome(
                true, !json && text.lines().anyMatch(l -> l.stripLeading().startsWith("#")));
    }

    private static void replaceDurably(Path file, String text) throws CliFailure {
        Path dir = file.toAbsolutePath().getParent();
        if (dir == null) {
            throw new CliFailure(file + " names no policy file (it is the root directory)");
        }
        Path tmp = dir.resolve("." + file.getFileName() + ".kmipctl-tmp");
        try {
            try (FileChannel ch = FileChannel.open(
                    tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ch.write(java.nio.ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                ch.force(true);
            }
            // Same mode, owner and group as the file it replaces (a policy file is often 0640 to the appliance's
            // group): kmipctl run as root must not leave a file only root can read, which the appliance could then
            // neither reload nor start with.
            PosixFileAttributes was = Files.readAttributes(file, PosixFileAttributes.class);
            Files.setPosixFilePermissions(tmp, was.permissions());
            PosixFileAttributeView now = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
            if (!now.getOwner().equals(was.owner())) {
                now.setOwner(was.owner());
            }
            if (!now.readAttributes().group().equals(was.group())) {
                now.setGroup(was.group());
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            OwnerOnlyFile.forceDirectoryOf(file);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the message below is what matters
            }
            throw new CliFailure("cannot replace " + file + ": " + e.getMessage());
        }
    }
}
