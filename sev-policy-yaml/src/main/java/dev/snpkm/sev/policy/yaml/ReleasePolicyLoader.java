package dev.snpkm.sev.policy.yaml;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads a {@link ReleasePolicy} from YAML or JSON (JSON is valid YAML, so one parser serves both). Unknown
 * keys are errors, so a misspelt rule cannot silently weaken a policy, and so is a key given twice (a second
 * {@code allow-debug: true} further down would otherwise win). {@code measurements} must be present
 * (an explicit empty list means "any measurement"). Once a {@code minimum-tcb} names one product, a report of a product
 * it does not name is refused (PolicyEvaluator). Example:
 *
 * <pre>
 * name: db-vms
 * measurements: [ "a1b2...(96 hex digits)" ]
 * minimum-tcb: { genoa: { bootloader: 10, tee: 0, snp: 23, microcode: 84 } }
 * products: [ genoa ]
 * allow-debug: false
 * signing-keys: [ vcek ]
 * </pre>
 */
public final class ReleasePolicyLoader {
    private static final ObjectMapper YAML = new ObjectMapper(YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build());
    private static final Set<String> KEYS = Set.of(
            "name",
            "measurements",
            "minimum-tcb",
            "products",
            "allow-debug",
            "allow-migration-agent",
            "allow-smt",
            "require-single-socket",
            "allow-provisional-firmware",
            "vmpl",
            "host-data",
            "id-key-digests",
            "author-key-digests",
            "chip-ids",
            "signing-keys",
            "report-data",
            "minimum-guest-svn");
    private static final Set<String> TCB_KEYS = Set.of("fmc", "bootloader", "tee", "snp", "microcode");

    private ReleasePolicyLoader() {}

    public static ReleasePolicy load(Path file) throws PolicyFormatException {
        try {
            return parse(Files.readString(file), file.getFileName().toString());
        } catch (IOException e) {
            throw new PolicyFormatException("cannot read policy file " + file + ": " + e.getMessage());
        }
    }

    /**
     * Reads YAML or JSON into a tree for anything that reads policies: a key given twice in one mapping is an
     * error naming the key and its line, never a silent "last one wins".
     *
     * @param what names the document in the one-line error ("policy", "policy file")
     */
    public static JsonNode readTree(String text, String what) throws PolicyFormatException {
        try {
            return YAML.readTree(text);
        } catch (JsonProcessingException e) {
            String line = e.getLocation() == null || e.getLocation().getLineNr() < 1
                    ? ""
                    : " at line " + e.getLocation().getLineNr();
            throw new PolicyFormatException(
                    what + " is not valid YAML/JSON" + line + ": " + oneLine(String.valueOf(e.getOriginalMessage())));
        }
    }

    /** SnakeYAML quotes the source under its message, indented, with a caret; the line number already says where. */
    private static String oneLine(String message) {
        String kept = message.lines()
                .filter(l -> !l.isBlank() && !Character.isWhitespace(l.charAt(0)))
                .collect(Collectors.joining("; "));
        return kept.isEmpty() ? message.strip().replaceAll("\\s+", " ") : kept;
    }

    /** @param defaultName used when the document has no {@code name} */
    public static ReleasePolicy parse(String text, String defaultName) throws PolicyFormatException {
        JsonNode root = readTree(text, "policy");
        if (!(root instanceof ObjectNode obj)) {
            throw new PolicyFormatException("policy must be a mapping of rule names to values");
        }
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String k = it.next();
            if (!KEYS.contains(k)) {
                throw new PolicyFormatException(
                        "unknown policy key '" + k + "' (allowed: " + new java.util.TreeSet<>(KEYS) + ")");
            }
        }
        if (!obj.has("measurements") || !obj.get("measurements").isArray()) {
            // 'measurements:' with nothing after it (or a list whose entries are all commented out) reads as null;
            // taken as an empty list it would allow any guest, so only an explicit [] means that.
            throw new PolicyFormatException(
                    "policy must list 'measurements' (write 'measurements: []' to allow any measurement)");
        }
        String name = obj.has("name") ? text(obj, "name") : defaultName;
        try {
            ReleasePolicy.Builder b = ReleasePolicy.builder(name)
                    .measurements(hexList(obj, "measurements"))
                    .minimumTcb(minimumTcb(obj))
                    .products(products(obj))
                    .allowDebug(bool(obj, "allow-debug", false))
                    .allowMigrationAgent(bool(obj, "allow-migration-agent", false))
                    .allowSmt(bool(obj, "allow-smt", true))
                    .requireSingleSocket(bool(obj, "require-single-socket", false))
                    .allowProvisionalFirmware(bool(obj, "allow-provisional-firmware", false))
                    .vmpl(number(obj, "vmpl", 0))
                    .hostData(obj.has("host-data") ? hex(obj.get("host-data"), "host-data") : null)
                    .idKeyDigests(hexList(obj, "id-key-digests"))
                    .authorKeyDigests(hexList(obj, "author-key-digests"))
                    .chipIds(hexList(obj, "chip-ids"))
                    .reportData(obj.has("report-data") ? hex(obj.get("report-data"), "report-data") : null)
                    .minimumGuestSvn(number(obj, "minimum-guest-svn", 0));
            if (obj.has("signing-keys")) {
                b.signingKeys(signingKeys(obj));
            }
            return b.build();
        } catch (IllegalArgumentException e) {
            throw new PolicyFormatException("invalid policy " + name + ": " + e.getMessage());
        }
    }

    private static String text(JsonNode obj, String key) throws PolicyFormatException {
        JsonNode n = obj.get(key);
        if (!n.isTextual()) {
            throw new PolicyFormatException("'" + key + "' must be a string");
        }
        return n.asText();
    }

    private static boolean bool(JsonNode obj, String key, boolean dflt) throws PolicyFormatException {
        JsonNode n = obj.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw new PolicyFormatException("'" + key + "' must be true or false");
        }
        return n.asBoolean();
    }

    private static long number(JsonNode obj, String key, long dflt) throws PolicyFormatException {
        JsonNode n = obj.get(key);
        if (n == null) {
            return dflt;
        }
        if (!n.isIntegralNumber()) {
            throw new PolicyFormatException("'" + key + "' must be an integer");
        }
        if (!n.canConvertToLong()) {
            throw new PolicyFormatException("'" + key + "' is out of range");
        }
        return n.asLong();
    }

    /** Range-checked as a long: narrowing first would read 4294967306 as 10. */
    private static int tcbComponent(JsonNode tcb, String key) throws PolicyFormatException {
        long v = number(tcb, key, 0);
        if (v < 0 || v > 255) {
            throw new PolicyFormatException("TCB component " + key + " must be 0..255, got " + v);
        }
        return (int) v;
    }

    private static HexBytes hex(JsonNode n, String key) throws PolicyFormatException {
        if (!n.isTextual()) {
            throw new PolicyFormatException("'" + key + "' must be a hex string");
        }
        try {
            return HexBytes.fromHex(n.asText());
        } catch (IllegalArgumentException e) {
            throw new PolicyFormatException("'" + key + "': " + e.getMessage());
        }
    }

    private static List<JsonNode> list(JsonNode obj, String key) throws PolicyFormatException {
        JsonNode n = obj.get(key);
        if (n == null || n.isNull()) {
            return List.of();
        }
        if (!n.isArray()) {
            throw new PolicyFormatException("'" + key + "' must be a list");
        }
        List<JsonNode> out = new ArrayList<>();
        n.forEach(out::add);
        return out;
    }

    private static List<HexBytes> hexList(JsonNode obj, String key) throws PolicyFormatException {
        List<HexBytes> out = new ArrayList<>();
        for (JsonNode n : list(obj, key)) {
            out.add(hex(n, key));
        }
        return out;
    }

    private static Set<ProductLine> products(JsonNode obj) throws PolicyFormatException {
        Set<ProductLine> out = EnumSet.noneOf(ProductLine.class);
        for (JsonNode n : list(obj, "products")) {
            out.add(product(n.asText(), "products"));
        }
        return out;
    }

    private static ProductLine product(String name, String key) throws PolicyFormatException {
        try {
            return ProductLine.parse(name);
        } catch (IllegalArgumentException e) {
            throw new PolicyFormatException("'" + key + "': " + e.getMessage());
        }
    }

    private static Set<SigningKey> signingKeys(JsonNode obj) throws PolicyFormatException {
        Set<SigningKey> out = EnumSet.noneOf(SigningKey.class);
        for (JsonNode n : list(obj, "signing-keys")) {
            String v = n.asText().toLowerCase(Locale.ROOT);
            switch (v) {
                case "vcek" -> out.add(SigningKey.VCEK);
                case "vlek" -> out.add(SigningKey.VLEK);
                default -> throw new PolicyFormatException("'signing-keys': '" + n.asText() + "' is not vcek or vlek");
            }
        }
        return out;
    }

    private static Map<ProductLine, TcbVersion> minimumTcb(JsonNode obj) throws PolicyFormatException {
        JsonNode n = obj.get("minimum-tcb");
        Map<ProductLine, TcbVersion> out = new EnumMap<>(ProductLine.class);
        if (n == null || n.isNull()) {
            return out;
        }
        if (!n.isObject()) {
            throw new PolicyFormatException(
                    "'minimum-tcb' must map product lines to {fmc, bootloader, tee, snp, microcode}");
        }
        for (Map.Entry<String, JsonNode> e : n.properties()) {
            ProductLine p = product(e.getKey(), "minimum-tcb");
            JsonNode t = e.getValue();
            if (!t.isObject()) {
                throw new PolicyFormatException("'minimum-tcb." + e.getKey() + "' must be a mapping");
            }
            for (Iterator<String> f = t.fieldNames(); f.hasNext(); ) {
                String k = f.next();
                if (!TCB_KEYS.contains(k)) {
                    throw new PolicyFormatException("'minimum-tcb." + e.getKey() + "': unknown component '" + k
                            + "' (allowed: " + TCB_KEYS + ")");
                }
            }
            if (t.has("fmc") && !p.turinTcbLayout()) {
                throw new PolicyFormatException("'minimum-tcb." + e.getKey() + "': fmc exists only on Turin");
            }
            try {
                out.put(
                        p,
                        new TcbVersion(
                                tcbComponent(t, "fmc"),
                                tcbComponent(t, "bootloader"),
                                tcbComponent(t, "tee"),
                                tcbComponent(t, "snp"),
                                tcbComponent(t, "microcode")));
            } catch (PolicyFormatException ex) {
                throw new PolicyFormatException("'minimum-tcb." + e.getKey() + "': " + ex.getMessage());
            }
        }
        return out;
    }
}
