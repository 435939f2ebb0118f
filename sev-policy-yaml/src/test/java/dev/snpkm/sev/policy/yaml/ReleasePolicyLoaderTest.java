package dev.snpkm.sev.policy.yaml;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.snpkm.sev.policy.PolicyFormatException;
import dev.snpkm.sev.policy.ReleasePolicy;
import dev.snpkm.sev.report.HexBytes;
import dev.snpkm.sev.report.ProductLine;
import dev.snpkm.sev.report.SigningKey;
import dev.snpkm.sev.report.TcbVersion;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ReleasePolicyLoaderTest {
    static final String M = "ab".repeat(48);

    @Test
    void yamlPolicyLoadsEveryRule() throws Exception {
        String yaml = """
                name: db-vms
                measurements: ["%s"]
                minimum-tcb:
                  genoa: { bootloader: 10, tee: 0, snp: 23, microcode: 84 }
                  turin: { fmc: 1, bootloader: 1, tee: 1, snp: 4, microcode: 81 }
                products: [genoa, turin]
                allow-debug: false
                allow-migration-agent: false
                allow-smt: false
                require-single-socket: true
                allow-provisional-firmware: true
                vmpl: 1
                host-data: "%s"
                id-key-digests: ["%s"]
                author-key-digests: []
                chip-ids: ["0102030405060708"]
                signing-keys: [vcek, vlek]
                report-data: "%s"
                minimum-guest-svn: 3
                """.formatted(M, "11".repeat(32), "22".repeat(48), "33".repeat(64));
        ReleasePolicy p = ReleasePolicyLoader.parse(yaml, "file.yaml");
        assertThat(p.name()).isEqualTo("db-vms");
        assertThat(p.measurements()).containsExactly(HexBytes.fromHex(M));
        assertThat(p.minimumTcb())
                .containsEntry(ProductLine.TURIN, new TcbVersion(1, 1, 1, 4, 81))
                .containsEntry(ProductLine.GENOA, new TcbVersion(0, 10, 0, 23, 84));
        assertThat(p.products()).containsExactlyInAnyOrder(ProductLine.GENOA, ProductLine.TURIN);
        assertThat(p.allowSmt()).isFalse();
        assertThat(p.requireSingleSocket()).isTrue();
        assertThat(p.allowProvisionalFirmware()).isTrue();
        assertThat(p.vmpl()).isEqualTo(1);
        assertThat(p.hostData()).contains(HexBytes.fromHex("11".repeat(32)));
        assertThat(p.chipIds()).containsExactly(HexBytes.fromHex("0102030405060708"));
        assertThat(p.signingKeys()).isEqualTo(Set.of(SigningKey.VCEK, SigningKey.VLEK));
        assertThat(p.reportData()).isPresent();
        assertThat(p.minimumGuestSvn()).isEqualTo(3);
    }

    @Test
    void jsonPolicyLoadsWithSafeDefaults() throws Exception {
        ReleasePolicy p = ReleasePolicyLoader.parse("{\"measurements\": [\"" + M + "\"]}", "p.json");
        assertThat(p.name()).isEqualTo("p.json");
        assertThat(p.allowDebug()).isFalse();
        assertThat(p.allowMigrationAgent()).isFalse();
        assertThat(p.allowProvisionalFirmware()).isFalse();
        assertThat(p.vmpl()).isZero();
        assertThat(p.signingKeys()).containsExactly(SigningKey.VCEK);
    }

    @Test
    void anEmptyMeasurementsEntryIsRefusedNotReadAsAnyMeasurement() throws Exception {
        // What an operator leaves after commenting out the only entry: YAML reads it as null, not as [].
        for (String policy : new String[] {
            "measurements:\nallow-debug: false", "measurements: ~", "measurements:\n#  - " + M, "measurements: \"\""
        }) {
            assertThatThrownBy(() -> ReleasePolicyLoader.parse(policy, "x"))
                    .as(policy)
                    .isInstanceOf(PolicyFormatException.class)
                    .hasMessageContaining("write 'measurements: []' to allow any measurement");
        }
        assertThat(ReleasePolicyLoader.parse("measurements: []", "x").measurements())
                .as("only an explicit empty list allows any measurement")
                .isEmpty();
    }

    /** Last-one-wins would let a second {@code allow-debug: true} further down override the first unseen. */
    @Test
    void aKeyGivenTwiceIsRefusedNamingTheKeyAndItsLine() {
        String[][] cases = {
            {"measurements: []\nallow-debug: false\nvmpl: 0\nallow-debug: true\n", "at line 4", "'allow-debug'"},
            {"measurements: []\nminimum-tcb:\n  genoa: { snp: 23 }\n  genoa: { snp: 1 }\n", "at line 4", "'genoa'"},
            {"measurements: []\nminimum-tcb: { genoa: { snp: 23, snp: 1 } }\n", "at line 2", "'snp'"},
            {"{\"measurements\": [], \"vmpl\": 0, \"vmpl\": 1}", "at line 1", "'vmpl'"}
        };
        for (String[] c : cases) {
            assertThatThrownBy(() -> ReleasePolicyLoader.parse(c[0], "x"))
                    .as(c[0])
                    .isInstanceOf(PolicyFormatException.class)
                    .hasMessageStartingWith("policy is not valid YAML/JSON " + c[1])
                    .hasMessageContaining("Duplicate field " + c[2])
                    .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
        }
    }

    /** Range-checked before narrowing: as an int cast, 4294967306 read as 10 and 4294967296 as 0. */
    @Test
    void aTcbComponentOutsideAByteIsRefusedNotTruncated() throws Exception {
        for (String value : new String[] {"4294967306", "4294967296", "256", "-1", "-4294967286"}) {
            assertThatThrownBy(() -> ReleasePolicyLoader.parse(
                            "measurements: []\nminimum-tcb: { genoa: { bootloader: " + value + " } }", "x"))
                    .as(value)
                    .isInstanceOf(PolicyFormatException.class)
                    .hasMessage("'minimum-tcb.genoa': TCB component bootloader must be 0..255, got " + value);
        }
        assertThatThrownBy(() -> ReleasePolicyLoader.parse(
                        "measurements: []\nminimum-tcb: { genoa: { snp: 18446744073709551626 } }", "x"))
                .hasMessage("'minimum-tcb.genoa': 'snp' is out of range");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nvmpl: 4294967296", "x"))
                .hasMessageContaining("vmpl must be 0..3");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nminimum-guest-svn: 4294967296", "x"))
                .hasMessageContaining("minimum-guest-svn must be a u32");
        assertThat(ReleasePolicyLoader.parse("measurements: []\nminimum-tcb: { genoa: { microcode: 255 } }", "x")
                        .minimumTcb())
                .containsEntry(ProductLine.GENOA, new TcbVersion(0, 0, 0, 0, 255));
    }

    @Test
    void mistakesAreReportedInOneLineNamingTheField() {
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("allow-debug: false", "x"))
                .hasMessageContaining("'measurements'");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nalow-debug: true", "x"))
                .hasMessageContaining("unknown policy key 'alow-debug'");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: [\"abcd\"]", "x"))
                .hasMessageContaining("measurement must be 48 bytes");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: [\"xyz1\"]", "x"))
                .hasMessageContaining("hex");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nallow-debug: yes please", "x"))
                .hasMessageContaining("'allow-debug' must be true or false");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nminimum-tcb: { milan: { fmc: 1 } }", "x"))
                .hasMessageContaining("fmc exists only on Turin");
        assertThatThrownBy(
                        () -> ReleasePolicyLoader.parse("measurements: []\nminimum-tcb: { genoa: { snp: 300 } }", "x"))
                .hasMessageContaining("0..255");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nsigning-keys: [none]", "x"))
                .hasMessageContaining("not vcek or vlek");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nvmpl: 4", "x"))
                .hasMessageContaining("vmpl must be 0..3");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("measurements: []\nproducts: [rome]", "x"))
                .hasMessageContaining("unknown product line 'rome'");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("[1, 2", "x"))
                .isInstanceOf(PolicyFormatException.class)
                .hasMessage("policy is not valid YAML/JSON at line 1: while parsing a flow sequence; "
                        + "expected ',' or ']', but got <stream end>");
        assertThatThrownBy(() -> ReleasePolicyLoader.parse("- a\n- b", "x")).hasMessageContaining("mapping");
    }
}
