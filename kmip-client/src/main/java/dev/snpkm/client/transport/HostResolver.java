package dev.snpkm.client.transport;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Resolves a key manager's host name within a deadline. The JDK's lookup takes no timeout and waits for the system
 * resolver's own (several seconds per server and attempt, more with several nameservers): at boot, with a resolver
 * that does not answer, one lookup could spend the unlock's whole budget before a single connection attempt, and
 * failover to the next key manager would never happen. (An IP literal is parsed, not looked up: it answers at once.)
 */
final class HostResolver {
    /** Lookups run here so that the caller can stop waiting; a lookup left behind ends at the resolver's timeout. */
    private static final ExecutorService LOOKUPS = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "kmip-dns-lookup");
        t.setDaemon(true);
        return t;
    });

    /** The lookup itself, replaceable by tests. */
    interface Lookup {
        InetAddress byName(String host) throws UnknownHostException;
    }

    private final Lookup lookup;

    HostResolver(Lookup lookup) {
        this.lookup = lookup;
    }

    static HostResolver system() {
        return new HostResolver(InetAddress::getByName);
    }

    /**
     * The host's address, or an UnknownHostException naming the host and why: not found, or no answer within
     * {@code timeout}.
     */
    InetAddress resolve(String host, Duration timeout) throws UnknownHostException {
        CompletableFuture<InetAddress> answer = new CompletableFuture<>();
        LOOKUPS.execute(() -> {
            try {
                answer.complete(lookup.byName(host));
            } catch (UnknownHostException | RuntimeException e) {
                answer.completeExceptionally(e);
            }
        });
        try {
            return answer.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            throw new UnknownHostException(host + ": no answer from the resolver within " + timeout);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UnknownHostException u) {
                throw u;
            }
            throw new UnknownHostException(host + ": " + e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UnknownHostException(host + ": interrupted while resolving");
        }
    }
}
