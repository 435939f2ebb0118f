package dev.snpkm.unlock;

import dev.snpkm.client.attestation.ReleaseWrapping;
import dev.snpkm.client.tls.CipherPolicy;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.tls.ServerVerification;
import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.unlock.guest.GuestPaths;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.jspecify.annotations.Nullable;

/**
 * Settings from the config file (Java properties: {@code key=value} lines, {@code #} comments), each overridable on
 * the command line. Keys: server (one or several, comma-separated: failover in order), key-id, ca, cert, key,
 * server-key-sha256, tls-compat (pykmip), connect-timeout, read-timeout (seconds), attempts, release-wrapping
 * (ecdh-p256, ecdh-p384, rsa-oaep), device, name, deadline, guest-wait (seconds), key-slot, and the lab-mode paths
 * tsm-report-root and sev-guest-device.
 *
 * <p>This is the one parser of the file: the dracut module asks it ({@code kmip-unlock config --files}) which files
 * the initramfs must hold, instead of reading the file its own way.
 */
public final class UnlockSettings {
    public static final Path DEFAULT_CONFIG = Path.of("/etc/kmip-unlock/kmip-unlock.conf");
    /** Every key the file may hold; anything else is a typo that would otherwise be silently ignored. */
    public static final Set<String> KEYS = Set.of(
            "server",
            "key-id",
            "ca",
            "cert",
            "key",
            "server-key-sha256",
            "tls-compat",
            "connect-timeout",
            "read-timeout",
            "attempts",
            "release-wrapping",
            "device",
            "name",
            "deadline",
            "guest-wait",
            "key-slot",
            "tsm-report-root",
            "sev-guest-device");
    /** Java properties end a value at the line end only: "key=value   # note" keeps the note in the value. */
    private static final Pattern INLINE_COMMENT = Pattern.compile("\\s#");

    /** LUKS2 has 32 key slots. */
    private static final int MAX_KEY_SLOT = 31;
    /** Bounds every time setting: a day is far beyond any boot, and keeps Duration arithmetic far from overflow. */
    private static final int MAX_SECONDS = 86_400;

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
            validate(p, file);
        }
        return new UnlockSettings(p, file == null ? "--" : file.toString());
    }

    private static void validate(Properties p, Path file) {
        Set<String> unknown = new TreeSet<>(p.stringPropertyNames());
        unknown.removeAll(KEYS);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException(
                    "unknown setting(s) " + unknown + " in " + file + "; known: " + new TreeSet<>(KEYS));
        }
        for (String k : new TreeSet<>(p.stringPropertyNames())) {
            if (INLINE_COMMENT.matcher(p.getProperty(k)).find()) {
                throw new IllegalArgumentException("setting '" + k + "' in " + file + " has a '#' after its value ('"
                        + p.getProperty(k).trim() + "'): a comment must be on a line of its own");
            }
        }
    }

    /** The config file read, or empty when none was. */
    public Optional<Path> file() {
        return source.equals("--") ? Optional.empty() : Optional.of(Path.of(source));
    }

    /** The command-line value if given, else the config file's, if any. */
    public Optional<String> optional(String key, @Nullable Object commandLine) {
        if (commandLine != null) {
            return Optional.of(commandLine.toString());
        }
        return Optional.ofNullable(values.getProperty(key)).map(String::trim).filter(s -> !s.isEmpty());
    }

    /** As {@link #optional}, but missing is a usage error naming both ways to set it. */
    public String required(String key, @Nullable Object commandLine) {
        return optional(key, commandLine)
                .orElseThrow(() -> new IllegalArgumentException("missing setting '" + key + "': pass --" + key
                        + " or set " + key + "= in the config file (" + source + ")"));
    }

    public List<KmipEndpoint> endpoints(CommonOptions o) {
        return KmipEndpoint.parseList(required("server", o.server));
    }

    public ClientTlsConfig tls(CommonOptions o) throws TlsConfigurationException {
        ClientTlsConfig tls = ClientTlsConfig.fromPem(
                Path.of(required("ca", o.ca)), Path.of(required("cert", o.cert)), Path.of(required("key", o.key)));
        Optional<String> pin = optional("server-key-sha256", o.serverKeySha256);
        if (pin.isPresent()) {
            tls = tls.withServerVerification(ServerVerification.PinnedKey.ofHex(pin.get()));
        }
        String compat = optional("tls-compat", o.tlsCompat).orElse("modern");
        return switch (compat) {
            case "modern" -> tls;
            case "pykmip" -> tls.withCipherPolicy(CipherPolicy.PYKMIP_COMPATIBLE);
            default ->
                throw new IllegalArgumentException("tls-compat must be 'modern' or 'pykmip', not '" + compat + "'");
        };
    }

    public TransportSettings transport(CommonOptions o) {
        TransportSettings d = TransportSettings.defaults();
        Duration connect = optional("connect-timeout", o.connectTimeoutSeconds)
                .map(this::seconds)
                .orElse(d.connectTimeout());
        Duration read = optional("read-timeout", o.readTimeoutSeconds)
                .map(this::seconds)
                .orElse(d.readTimeout());
        int attempts = optional("attempts", o.attempts)
                .map(a -> integer("attempts", a))
                .orElse(d.maxAttempts());
        return d.withConnectTimeout(connect)
                .withReadTimeout(read)
                .withRetries(attempts, d.initialBackoff(), d.maxBackoff());
    }

    /** The attested release's wrapping scheme; ECDH P-256 + AES key wrap unless set. */
    public ReleaseWrapping releaseWrapping(CommonOptions o) {
        return optional("release-wrapping", o.releaseWrapping)
                .map(ReleaseWrapping::ofSettingName)
                .orElse(ReleaseWrapping.DEFAULT);
    }

    /** The whole unlock's time budget ({@code deadline}, 25 s). */
    public Duration deadline(CommonOptions o) {
        return optional("deadline", o.deadlineSeconds).map(this::seconds).orElse(BootDeadline.DEFAULT);
    }

    /** How long to wait for the sev-guest driver before judging ({@code guest-wait}, 5 s). */
    public Duration guestWait(GuestOptions o) {
        return optional("guest-wait", o.guestWaitSeconds).map(this::seconds).orElse(Duration.ofSeconds(5));
    }

    /** The kernel's paths under {@code root}, or lab mode's replacements. */
    public GuestPaths guestPaths(GuestOptions o, Path root) {
        GuestPaths paths = GuestPaths.under(root);
        Optional<String> report = optional("tsm-report-root", o.tsmReportRoot);
        Optional<String> device = optional("sev-guest-device", o.sevGuestDevice);
        if (report.isPresent()) {
            paths = paths.withReportRoot(Path.of(report.get()));
        }
        return device.isPresent() ? paths.withSevGuestDevice(Path.of(device.get())) : paths;
    }

    /** The LUKS key slot that holds the key manager's key ({@code key-slot}, 0-31), if set. */
    public OptionalInt keySlot(Object commandLine) {
        Optional<String> text = optional("key-slot", commandLine);
        if (text.isEmpty()) {
            return OptionalInt.empty();
        }
        int slot = integer("key-slot", text.get());
        if (slot < 0 || slot > MAX_KEY_SLOT) {
            throw new IllegalArgumentException("key-slot must be 0-" + MAX_KEY_SLOT + " (LUKS2), not " + slot);
        }
        return OptionalInt.of(slot);
    }

    private static int integer(String key, String text) {
        try {
            return Integer.parseInt(text.trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(key + " must be a whole number, not '" + text + "'", e);
        }
    }

    private Duration seconds(String text) {
        try {
            double s = Double.parseDouble(text.trim());
            if (!(s >= 0 && s <= MAX_SECONDS)) {
                throw new NumberFormatException();
            }
            return Duration.ofMillis(Math.round(s * 1000));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + text + "' is not a number of seconds from 0 to " + MAX_SECONDS, e);
        }
    }
}
