package dev.snpkm.unlock;

import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.unlock.guest.SecurityViolationException;
import dev.snpkm.unlock.guest.SnpGuestCheck;
import dev.snpkm.unlock.key.KeySourceException;
import dev.snpkm.unlock.tsm.ConfigfsTsmProvider;
import java.util.OptionalInt;

/**
 * Fetches the disk key, in the one order that is safe: settings and TLS material first (so mistakes surface
 * offline), then the SNP guest check, and only then the network.
 */
final class GuardedKeyFetch {
    private final UnlockEnvironment env;

    GuardedKeyFetch(UnlockEnvironment env) {
        this.env = env;
    }

    /** @return the key; the caller owns and zeroes it */
    byte[] fetch(CommonOptions options, UnlockSettings settings)
            throws SecurityViolationException, KeySourceException, TlsConfigurationException {
        String keyId = settings.required("key-id", options.keyId);
        var endpoints = settings.endpoints(options);
        var tls = settings.tls(options);
        var transportSettings = settings.transport(options);
        var wrapping = settings.releaseWrapping(options);

        SnpGuestCheck guest = new SnpGuestCheck(env.hostRoot(), env.tsm());
        guest.require();

        ConfigfsTsmProvider attestation = new ConfigfsTsmProvider(env.tsm(), guest.reportRoot(), OptionalInt.empty());
        try (KmipTransport transport = new KmipTransport(endpoints, tls, transportSettings)) {
            return env.keySources().create(transport, attestation, wrapping).fetchKey(keyId);
        }
    }
}
