package dev.snpkm.unlock.guest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.sev.testing.UnsignedReportBuilder;
import dev.snpkm.unlock.tsm.FakeTsm;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SnpGuestCheckTest {
    @TempDir
    Path root;

    private static FakeTsm tsm(String provider) {
        return new FakeTsm(inblob -> new UnsignedReportBuilder().build(), new byte[0], provider);
    }

    @Test
    void anEmulatedSnpGuestPasses() throws Exception {
        GuestFacts facts = new SnpGuestCheck(EmulatedGuest.snp(root), tsm("sev_guest")).require();

        assertThat(facts.missing()).isEmpty();
        assertThat(facts.observed()).contains("TSM provider: sev_guest", "CPU flags: hypervisor sev sev_es sev_snp");
    }

    @Test
    void aVmWithoutSnpIsASecurityViolationNamingWhatIsMissing() {
        SnpGuestCheck check = new SnpGuestCheck(EmulatedGuest.plainVm(root), tsm("sev_guest"));

        assertThatThrownBy(check::require)
                .isInstanceOf(SecurityViolationException.class)
                .hasMessageStartingWith("Security Violation: not an SEV-SNP guest")
                .hasMessageContaining("configfs-tsm")
                .hasMessageContaining("dev/sev-guest");
    }

    @Test
    void missingSevGuestDeviceAloneIsEnoughToRefuse() {
        SnpGuestCheck check = new SnpGuestCheck(EmulatedGuest.build(root, true, false), tsm("sev_guest"));

        GuestFacts facts = check.inspect();
        assertThat(facts.isSnpGuest()).isFalse();
        assertThat(facts.missing()).singleElement().asString().contains("sev-guest driver");
    }

    @Test
    void aTdxProviderIsRefused() {
        SnpGuestCheck check = new SnpGuestCheck(EmulatedGuest.snp(root), tsm("tdx_guest"));

        assertThatThrownBy(check::require).hasMessageContaining("TSM provider is 'tdx_guest', not sev_guest");
    }

    @Test
    void cpuFlagsAreReportedButNotRequired() throws Exception {
        EmulatedGuest.snp(root);
        java.nio.file.Files.writeString(root.resolve("proc/cpuinfo"), "flags\t: fpu sse2\n");

        GuestFacts facts = new SnpGuestCheck(root, tsm("sev_guest")).require();
        assertThat(facts.observed()).contains("CPU flags: (none of sev, sev_es, sev_snp, hypervisor)");
    }

    @Test
    void aDriverThatBindsDuringTheWaitIsAnSnpGuest() throws Exception {
        // Early boot: configfs-tsm is there, the sev-guest device appears a moment later (udev coldplug).
        EmulatedGuest.build(root, true, false);
        Thread udev = new Thread(() -> {
            try {
                Thread.sleep(300);
                java.nio.file.Files.createFile(root.resolve("dev/sev-guest"));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        udev.start();

        GuestFacts facts = new SnpGuestCheck(root, tsm("sev_guest")).require(java.time.Duration.ofSeconds(20));
        udev.join();

        assertThat(facts.isSnpGuest()).isTrue();
    }

    @Test
    void aPlainVmIsJudgedOnlyAfterTheWait() {
        SnpGuestCheck check = new SnpGuestCheck(EmulatedGuest.plainVm(root), tsm("sev_guest"));
        long start = System.nanoTime();

        assertThatThrownBy(() -> check.require(java.time.Duration.ofMillis(400)))
                .isInstanceOf(SecurityViolationException.class);
        assertThat(java.time.Duration.ofNanos(System.nanoTime() - start))
                .isGreaterThanOrEqualTo(java.time.Duration.ofMillis(400));
    }

    @Test
    void labPathsReplaceTheKernelOnes() throws Exception {
        Path lab = EmulatedGuest.snp(root.resolve("lab"));
        GuestPaths paths = GuestPaths.under(root.resolve("empty"))
                .withReportRoot(lab.resolve("sys/kernel/config/tsm/report"))
                .withSevGuestDevice(lab.resolve("dev/sev-guest"));

        GuestFacts facts = new SnpGuestCheck(paths, tsm("sev_guest")).require();

        assertThat(facts.observed()).contains("SEV-SNP guest device: " + lab.resolve("dev/sev-guest"));
    }
}
