package dev.snpkm.unlock;

import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.tls.CipherPolicy;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.tls.ServerVerification;
import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.TransportSettings;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

/**
 * Settings from the config file (Java properties: {@code key=value} lines, {@code #} comments), each overridable on
 * the command line. Keys: server (one or several, comma-separated: failover in order), key-id, ca, cert, key,
 * server-key-sha256, tls-compat (pykmip), connect-timeout, read-timeout, deadline (seconds), attempts,
 * release-wrapping (ecdh-p384, rsa-oaep), device, name.
 */
public final class UnlockSettings {
    public static final Path DEFAULT_CONFIG = Path.of("/etc/kmip-unlock/kmip-unlock.conf");

    private final Properties values;
    private final String source;

    private UnlockSettings(Properties values, String source) {
        this.values = values;
        this.source = source;
    }

    /** Reads {@code config}; when null, the default file if it exists, else nothing. */
    public static UnlockSettings load(Path config) {
        Path file = config != null ? config : Files.exists(DEFAULT_CONFIG) ? DEFAULT_CONFIG : null;
        Properties p = new Properties();
        if (file != null) {
            try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                p.load(r);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read config file " + file + ": " + e.getMessage(), e);
            }
        }
        return new UnlockSettings(p, file == null ? "--" : file.toString());
    }

    /** The command-line value if given, else the config file's, if any. */
    public Optional<String> optional(String key, Object commandLine) {
        if (commandLine != null) {
            return Optional.of(commandLine.toString());
        }
        return Optional.ofNullable(values.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** As {@link #optional}, but missing is a usage error naming both ways to set it. */
    public String required(String key, Object commandLine) {
        return optional(key, commandLine).orElseThrow(() -> new IllegalArgumentException("missing setting '" + key
                + "': pass --" + key + " or set " + key + "= in the config file (" + source + ")"));
    }

    public List<KmipEndpoint> endpoints(CommonOptions o) {
        return KmipEndpoint.parseList(required("server", o.server));
    }

    public ClientTlsConfig tls(CommonOptions o) throws TlsConfigurationException {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(Path.of(required("ca", o.ca)), Path.of(required("cert", o.cert)),
                Path.of(required("key", o.key)));
        Optional<String> pin = optional("server-key-sha256", o.serverKeySha256);
        if (pin.isPresent()) {
            tls = tls.withServerVerification(ServerVerification.PinnedKey.ofHex(pin.get()));
        }
        String compat = optional("tls-compat", o.tlsCompat).orElse("modern");
        return switch (compat) {
            case "modern" -> tls;
            case "pykmip" -> tls.withCipherPolicy(CipherPolicy.PYKMIP_COMPATIBLE);
            default -> throw new IllegalArgumentException("tls-compat must be 'modern' or 'pykmip', not '" + compat
                    + "'");
        };
    }

    public TransportSettings transport(CommonOptions o) {
        TransportSettings d = TransportSettings.defaults();
        Duration connect = optional("connect-timeout", o.connectTimeoutSeconds).map(this::seconds)
                .orElse(d.connectTimeout());
        Duration read = optional("read-timeout", o.readTimeoutSeconds).map(this::seconds).orElse(d.readTimeout());
        int attempts = optional("attempts", o.attempts).map(Integer::parseInt).orElse(d.maxAttempts());
        Duration deadline = optional("deadline", o.deadlineSeconds).map(this::seconds).orElse(d.deadline());
        return d.withConnectTimeout(connect).withReadTimeout(read)
                .withRetries(attempts, d.initialBackoff(), d.maxBackoff()).withDeadline(deadline);
    }

    /** The attested release's wrapping scheme; ECDH P-384 + AES key wrap unless set. */
    public ReleaseWrapping releaseWrapping(CommonOptions o) {
        return optional("release-wrapping", o.releaseWrapping).map(ReleaseWrapping::ofSettingName)
                .orElse(ReleaseWrapping.DEFAULT);
    }

    private Duration seconds(String text) {
        return Duration.ofMillis(Math.round(Double.parseDouble(text) * 1000));
    }
}
