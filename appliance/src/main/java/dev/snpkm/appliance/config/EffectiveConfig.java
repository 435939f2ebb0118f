package dev.snpkm.appliance.config;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.ToStringSerializer;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.io.UncheckedIOException;
import java.nio.file.Path;

/**
 * The configuration an appliance runs with, written back as YAML in the keys {@link ConfigLoader} reads (so the
 * text loads again to an equal {@link ApplianceConfig}). Backups carry it: after a disaster the operator sees every
 * setting the appliance had, defaults included. It holds paths and numbers, never secrets.
 */
public final class EffectiveConfig {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
                    .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
                    .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES))
            .setPropertyNamingStrategy(PropertyNamingStrategies.KEBAB_CASE)
            // Plain paths, not the file:// URIs Jackson writes by default.
            .registerModule(new SimpleModule().addSerializer(Path.class, ToStringSerializer.instance));

    private EffectiveConfig() {}

    public static String yaml(ApplianceConfig config) {
        try {
            return YAML.writeValueAsString(config);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write the configuration as YAML", e);
        }
    }
}
