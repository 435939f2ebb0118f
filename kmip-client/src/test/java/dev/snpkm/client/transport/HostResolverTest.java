package dev.snpkm.client.transport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class HostResolverTest {
    @Test
    void aResolverThatDoesNotAnswerIsGivenUpOnAtTheDeadline() {
        HostResolver silent = new HostResolver(host -> {
            try {
                Thread.sleep(10_000); // a resolver that never answers in time
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            throw new UnknownHostException(host);
        });
        long start = System.nanoTime();
        assertThatThrownBy(() -> silent.resolve("kms.example.internal", Duration.ofMillis(300)))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("kms.example.internal: no answer from the resolver within PT0.3S");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void anAnswerOrANotFoundComesBackAsItIs() throws Exception {
        InetAddress loopback = InetAddress.getLoopbackAddress();
        assertThat(new HostResolver(host -> loopback).resolve("kms", Duration.ofSeconds(5)))
                .isEqualTo(loopback);
        HostResolver notFound = new HostResolver(host -> {
            throw new UnknownHostException(host + ": Name or service not known");
        });
        assertThatThrownBy(() -> notFound.resolve("nowhere", Duration.ofSeconds(5)))
                .isInstanceOf(UnknownHostException.class)
                .hasMessage("nowhere: Name or service not known");
        assertThat(HostResolver.system().resolve("127.0.0.1", Duration.ofSeconds(5)))
                .isEqualTo(InetAddress.getByName("127.0.0.1"));
    }
}
