package dev.snpkm.appliance.server;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClientDenyListTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @TempDir
    Path dir;

    @Test
    void aRevocationAppendedWithinTheSameModificationTimeIsStillSeen() throws Exception {
        Path file = dir.resolve("revoked-clients.txt");
        Files.writeString(file, A + "\n");
        FileTime stamp = FileTime.fromMillis(1_700_000_000_000L); // coarse-mtime file systems: both writes in one tick
        Files.setLastModifiedTime(file, stamp);
        ClientDenyList list = new ClientDenyList(file, (request, client) -> null, Clock.systemUTC(),
                new SimpleMeterRegistry());
        assertThat(list.isRevoked(A)).isTrue();
        assertThat(list.isRevoked(B)).isFalse();

        Files.writeString(file, B + "\n", StandardOpenOption.APPEND);
        Files.setLastModifiedTime(file, stamp);

        assertThat(list.isRevoked(B)).isTrue();
    }
}
