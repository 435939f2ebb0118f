package dev.snpkm.testsuite.release;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The boot storm generator end to end, tiny: a server JVM allowing one connection per source address, and a few VMs
 * unlocking at once, each from its own loopback address. Had they shared one address the server would refuse all but
 * one of them at a time (KmipTransportTest shows that limit); here every VM gets its DEK and nothing is refused.
 */
@Timeout(120)
class BootStormIT {
    @Test
    void vmsFromDistinctSourceAddressesAllUnlockUnderAOneConnectionPerSourceLimit() throws Exception {
        BootStorm.Outcome storm =
                BootStorm.run(new BootStorm.Plan(6, 6, 2, 0, true, List.of("-Xmx256m"), List.of("per-source=1,1"), 0));

        assertThat(storm.failuresByReason()).isEmpty();
        assertThat(storm.failures()).isZero();
        assertThat(storm.serverCounters())
                .doesNotContainKey("source-refusals")
                .doesNotContainKey("rejected")
                .containsEntry("accepted", 6L);
    }

    @Test
    void aDriverWarmedAgainstAFirstServerUnlocksEveryVmFromASecondThatStartsFromNothing() throws Exception {
        // 6 driver warm-up unlocks against a first server (stopped, its store and VCEK deleted), then the measured
        // storm against a second one: its DEKs, VCEK and counters are its own.
        BootStorm.Outcome storm =
                BootStorm.run(new BootStorm.Plan(3, 3, 0, 0, true, List.of("-Xmx256m"), List.of(), 6));

        assertThat(storm.failuresByReason()).isEmpty();
        assertThat(storm.failures()).isZero();
        assertThat(storm.serverCounters()).containsEntry("accepted", 3L).containsEntry("requests", 6L);
    }

    @Test
    void theStormServerStartsWithTheOptionsTheAppliancesPackagesShip() throws Exception {
        Path root = Path.of(System.getProperty("repo.root", ".."));
        for (String shipped : List.of("Dockerfile", "packaging/snpkm-appliance.service")) {
            assertThat(Files.readString(root.resolve(shipped)))
                    .as(shipped)
                    .contains(BootStorm.SHIPPED_SERVER_JVM_OPTIONS);
        }
        assertThat(BootStorm.serverJvmArgs(" -XX:+UseSerialGC  -Xmx1g "))
                .containsSubsequence(BootStorm.SHIPPED_SERVER_JVM_OPTIONS)
                .endsWith("-XX:+UseSerialGC", "-Xmx1g");
    }

    @Test
    void eachVmHasItsOwnLoopbackAddress() throws Exception {
        BootStorm.Sources distinct = new BootStorm.Sources(true);

        assertThat(distinct.of(0)).isEqualTo(InetAddress.getByName("127.1.0.1"));
        assertThat(distinct.of(300)).isEqualTo(InetAddress.getByName("127.1.1.45"));
        assertThat(distinct.of(10_199)).isEqualTo(InetAddress.getByName("127.1.39.216"));
        assertThat(new BootStorm.Sources(false).of(5))
                .as("one source: the system picks 127.0.0.1")
                .isNull();
    }
}
