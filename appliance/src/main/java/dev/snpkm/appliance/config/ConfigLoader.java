package dev.snpkm.appliance.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Reads the appliance's YAML: the built-in defaults, overlaid by the operator's file (only the keys it sets), bound to
 * {@link ApplianceConfig} with unknown keys rejected (a misspelt key must not silently fall back to a default) and
 * duplicated keys rejected (the last one must not silently win), then checked by {@link ConfigValidator}.
 */
public final class ConfigLoader {
    private static final String DEFAULTS = "/appliance-defaults.yaml";

    // Strict duplicate detection: a second 'tls:' or 'policies:' further down would otherwise replace the first.
    private final ObjectMapper yaml = new ObjectMapper(YAMLFactory.builder()
                    .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
                    .build())
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_MISSING_CREATOR_PROPERTIES)
            .disable(DeserializationFeature.ACCEPT_FLOAT_AS_INT);

    /** Defaults only: the appliance runs without any file. */
    public ApplianceConfig defaults() throws ConfigException {
        return bind(defaultTree());
    }

    /** Defaults overlaid with {@code file}. */
    public ApplianceConfig load(Path file) throws ConfigException {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("--config", file + " does not exist or is not a file");
        }
        JsonNode overlay;
        try {
            overlay = yaml.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new ConfigException(
                    file.toString(),
                    "not valid YAML at line "
                            + (e.getLocation() == null ? "?" : e.getLocation().getLineNr()) + ": "
                            + e.getOriginalMessage());
        } catch (IOException e) {
            throw new ConfigException(file.toString(), "cannot be read: " + e.getMessage());
        }
        ObjectNode merged = defaultTree();
        if (overlay != null && !overlay.isMissingNode() && !overlay.isNull()) {
            if (!overlay.isObject()) {
                throw new ConfigException(file.toString(), "must be a YAML mapping of keys to values");
            }
            overlay(merged, (ObjectNode) overlay);
        }
        return bind(merged);
    }

    private ObjectNode defaultTree() {
        try (InputStream in = ConfigLoader.class.getResourceAsStream(DEFAULTS)) {
            return (ObjectNode) yaml.readTree(in);
        } catch (IOException e) {
            throw new UncheckedIOException("built-in defaults " + DEFAULTS + " unreadable", e);
        }
    }

    /** Mappings merge key by key; anything else (scalars, lists) replaces the default. */
    private static void overlay(ObjectNode base, ObjectNode top) {
        for (Map.Entry<String, JsonNode> e : top.properties()) {
            JsonNode current = base.get(e.getKey());
            if (current instanceof ObjectNode baseChild && e.getValue() instanceof ObjectNode topChild) {
                overlay(baseChild, topChild);
            } else {
                base.set(e.getKey(), e.getValue());
            }
        }
    }

    private ApplianceConfig bind(ObjectNode tree) throws ConfigException {
        ApplianceConfig config;
        try {
            config = yaml.treeToValue(tree, ApplianceConfig.class);
        } catch (UnrecognizedPropertyException e) {
            String known = e.getKnownPropertyIds() == null
                    ? ""
                    : e.getKnownPropertyIds().stream()
                            .map(String::valueOf)
                            .sorted()
                            .collect(Collectors.joining(", "));
            throw new ConfigException(path(e), "unknown key (known here: " + known + ")");
        } catch (InvalidFormatException e) {
            throw new ConfigException(
                    path(e),
                    "'" + e.getValue() + "' is not a valid "
                            + e.getTargetType().getSimpleName().toLowerCase(java.util.Locale.ROOT));
        } catch (MismatchedInputException e) {
            throw new ConfigException(
                    path(e),
                    "has the wrong type or is missing (expected "
                            + (e.getTargetType() == null
                                    ? "another type"
                                    : e.getTargetType().getSimpleName()) + ")");
        } catch (JsonProcessingException e) {
            throw new ConfigException("config", e.getOriginalMessage());
        }
        new ConfigValidator().check(config);
        return config;
    }

    /** "limits.max-connections", "administrators[2]". */
    static String path(JsonMappingException e) {
        StringBuilder b = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                if (b.length() > 0) {
                    b.append('.');
                }
                b.append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                b.append('[').append(r.getIndex()).append(']');
            }
        }
        return b.length() == 0 ? "config" : b.toString();
    }
}
