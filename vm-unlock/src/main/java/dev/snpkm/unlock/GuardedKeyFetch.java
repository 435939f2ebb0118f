package dev.snpkm.unlock;

import dev.snpkm.client.tls.TlsConfigurationException;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.unlock.guest.SecurityViolationException;
import dev.snpkm.unlock.guest.SnpGuestCheck;
import dev.snpkm.unlock.key.KeySourceException;
import dev.snpkm.unlock.tsm.ConfigfsTsmProvider;
import java.util.Arrays;
import java.util.OptionalInt;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;

/**
 * Fetches the disk key, in the one order that is safe: settings and TLS material first (so mistakes surface
 * offline), then the SNP guest check, and only then the network; all of it within the {@link BootDeadline}.
 *
 * <p>The deadline is enforced, not only hoped for: every socket timeout is capped by it, and the exchange runs on
 * its own thread that is abandoned when the deadline passes (a blocked TLS read ignores interrupts). A key that
 * arrives after that is zeroed by the abandoned thread and never used.
 *
 * <p>Everything local is resolved before the exchange starts, so a usage or configuration mistake is an
 * IllegalArgumentException (exit 2) from here, while anything that fails during the exchange, an unforeseen runtime
 * failure over the key manager's answer included, is a {@link KeySourceException} (exit 1).
 */
final class GuardedKeyFetch {
    private static final byte[] ABANDONED = new byte[0];

    private final UnlockEnvironment env;

    GuardedKeyFetch(UnlockEnvironment env) {
        this.env = env;
    }

    /** @return the key; the caller owns and zeroes it */
    byte[] fetch(CommonOptions options, GuestOptions guestOptions, UnlockSettings settings, BootDeadline deadline)
            throws SecurityViolationException, KeySourceException, TlsConfigurationException {
        String keyId = settings.required("key-id", options.keyId);
        var endpoints = settings.endpoints(options);
        var tls = settings.tls(options);
        TransportSettings transportSettings = settings.transport(options);
        var wrapping = settings.releaseWrapping(options);
        var paths = settings.guestPaths(guestOptions, env.hostRoot());
        var guestWait = settings.guestWait(guestOptions);

        SnpGuestCheck guest = new SnpGuestCheck(paths, env.tsm());
        guest.require(deadline.cap(guestWait));

        ConfigfsTsmProvider attestation = new ConfigfsTsmProvider(env.tsm(), guest.reportRoot(), OptionalInt.empty());
        TransportSettings bounded = transportSettings
                .withConnectTimeout(deadline.cap(transportSettings.connectTimeout()))
                .withReadTimeout(deadline.cap(transportSettings.readTimeout()))
                .withDeadline(deadline.remainingForKey()); // failover between servers stays inside the boot deadline
        KmipTransport connection = new KmipTransport(endpoints, tls, bounded); // connects at the first request
        AtomicReference<byte[]> handoff = new AtomicReference<>();
        FutureTask<Void> exchange = new FutureTask<>(() -> {
            try (KmipTransport transport = connection) {
                byte[] key = env.keySources()
                        .create(transport, attestation, wrapping)
                        .fetchKey(keyId);
                if (!handoff.compareAndSet(null, key)) {
                    Arrays.fill(key, (byte) 0);
                }
            }
            return null;
        });
        Thread worker = new Thread(exchange, "kmip-unlock-key-fetch");
        worker.setDaemon(true);
        worker.start();
        try {
            exchange.get(deadline.remainingForKey().toNanos(), TimeUnit.NANOSECONDS);
            return handedOver(handoff);
        } catch (TimeoutException e) {
            if (!handoff.compareAndSet(null, ABANDONED)) {
                return handedOver(handoff);
            }
            worker.interrupt();
            throw new KeySourceException(
                    "no key from "
                            + String.join(
                                    ", ",
                                    endpoints.stream().map(String::valueOf).toList()) + " within the "
                            + deadline.total().toSeconds()
                            + " s deadline (deadline=): the key manager is unreachable or does not answer",
                    e);
        } catch (ExecutionException e) {
            throw unwrap(keyId, e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new KeySourceException("interrupted while fetching key '" + keyId + "'", e);
        }
    }

    // The worker sets the key before it completes, and a failed compareAndSet(null, ...) means it is set.
    @SuppressWarnings("NullAway")
    private static byte[] handedOver(AtomicReference<byte[]> handoff) {
        return handoff.get();
    }

    /** A runtime failure here happened during the exchange: a failed fetch (exit 1), not a usage error (exit 2). */
    private static KeySourceException unwrap(String keyId, @Nullable Throwable cause) {
        if (cause instanceof KeySourceException k) {
            return k;
        }
        if (cause instanceof Error err) {
            throw err;
        }
        return new KeySourceException("cannot get key '" + keyId + "': unexpected " + cause, cause);
    }
}
