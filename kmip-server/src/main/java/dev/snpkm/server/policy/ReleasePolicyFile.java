package dev.snpkm.server.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.snpkm.server.wrap.WrappingStrength;
import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.policy.yaml.ReleasePolicyLoader;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * The appliance's release policy file (YAML or JSON): every named policy in one document. Each entry is a
 * sev-verifier policy document (see sev-verifier/README.md, same keys, unknown keys are errors) plus
 * {@code allow-unwrapped-release} (default false) and {@code minimum-wrapping-strength} (bits: 112, 128, 192 or 256;
 * default 128):
 *
 * <pre>
 * policies:
 *   prod-web:
 *     measurements: ["…96 hex digits…"]
 *     minimum-tcb: { genoa: { bootloader: 10, tee: 0, snp: 23, microcode: 84 } }
 *     allow-unwrapped-release: false
 *     minimum-wrapping-strength: 192
 *   lab:
 *     measurements: []
 *     allow-unwrapped-release: true
 * </pre>
 *
 * The whole file is valid or it is rejected: a half-loaded file could silently drop a policy. A key given twice
 * (a policy, or a rule within one) is an error naming the key and its line.
 */
public final class ReleasePolicyFile {
    /** Kebab-case like every sev-verifier policy key, so one file has one spelling convention. */
    static final String ALLOW_UNWRAPPED = "allow-unwrapped-release";

    static final String MINIMUM_WRAPPING_STRENGTH = "minimum-wrapping-strength";

    private static final ObjectMapper JSON = new ObjectMapper();
    // Policy names end up in audit rows and metric labels: keep them short and printable.
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");

    private ReleasePolicyFile() {}

    /** Reads and validates the file; the message of the exception names the policy and the field at fault. */
    public static Map<String, NamedReleasePolicy> load(Path file) throws PolicyFormatException {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw new PolicyFormatException("cannot read policy file " + file + ": " + e);
        }
        return parse(text);
    }

    public static Map<String, NamedReleasePolicy> parse(String text) throws PolicyFormatException {
        // Strict: a second 'policies:' or a second 'prod:' entry further down must not replace the first unseen.
        JsonNode root = ReleasePolicyLoader.readTree(text, "policy file");
        if (!(root instanceof ObjectNode doc)
                || !Set.copyOf(fieldNames(doc)).equals(Set.of("policies"))
                || !(doc.get("policies") instanceof ObjectNode entries)) {
            throw new PolicyFormatException(
                    "policy file must have exactly one top-level key 'policies' mapping " + "policy names to policies");
        }
        Map<String, NamedReleasePolicy> out = new LinkedHashMap<>();
        for (Map.Entry<String, JsonNode> e : entries.properties()) {
            out.put(e.getKey(), entry(e.getKey(), e.getValue()));
        }
        return Collections.unmodifiableMap(out);
    }

    private static NamedReleasePolicy entry(String name, JsonNode node) throws PolicyFormatException {
        if (!NAME.matcher(name).matches()) {
            throw new PolicyFormatException("policy name '" + name + "' must be 1-64 of A-Z a-z 0-9 . _ - "
                    + "(starting with a letter or digit)");
        }
        if (!(node instanceof ObjectNode obj)) {
            throw new PolicyFormatException("policy " + name + " must be a mapping of rules");
        }
        ObjectNode rules = obj.deepCopy();
        boolean allowUnwrapped = false;
        JsonNode flag = rules.remove(ALLOW_UNWRAPPED);
        if (flag != null) {
            if (!flag.isBoolean()) {
                throw new PolicyFormatException("policy " + name + ": '" + ALLOW_UNWRAPPED + "' must be true or false");
            }
            allowUnwrapped = flag.booleanValue();
        }
        int minimumWrappingBits = minimumWrappingBits(name, rules.remove(MINIMUM_WRAPPING_STRENGTH));
        if (rules.has("name") && !name.equals(rules.get("name").asText())) {
            throw new PolicyFormatException("policy " + name + ": its 'name' says '"
                    + rules.get("name").asText() + "'; remove 'name' (the key under 'policies' names it)");
        }
        rules.remove("name");
        ReleasePolicy evidence;
        try {
            // The sev-verifier loader owns the rule syntax; hand it the entry as a document of its own.
            evidence = ReleasePolicyLoader.parse(JSON.writeValueAsString(rules), name);
        } catch (JsonProcessingException e) {
            throw new PolicyFormatException("policy " + name + ": " + e.getOriginalMessage());
        } catch (PolicyFormatException e) {
            throw new PolicyFormatException("policy " + name + ": " + e.getMessage());
        }
        return new NamedReleasePolicy(name, evidence, allowUnwrapped, minimumWrappingBits);
    }

    private static int minimumWrappingBits(String name, @Nullable JsonNode value) throws PolicyFormatException {
        if (value == null) {
            return NamedReleasePolicy.DEFAULT_MINIMUM_WRAPPING_BITS;
        }
        if (!value.isInt() || !WrappingStrength.LEVELS.contains(value.intValue())) {
            throw new PolicyFormatException("policy " + name + ": '" + MINIMUM_WRAPPING_STRENGTH + "' must be one of "
                    + WrappingStrength.LEVELS + " (bits of security; 192 asks for P-384 wrapping keys)");
        }
        return value.intValue();
    }

    private static java.util.List<String> fieldNames(ObjectNode n) {
        java.util.List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
