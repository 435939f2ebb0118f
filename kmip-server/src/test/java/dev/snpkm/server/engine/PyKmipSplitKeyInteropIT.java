package dev.snpkm.server.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.ObjectType;
import dev.snpkm.kmip.enums.Operation;
import dev.snpkm.kmip.enums.SplitKeyMethod;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import dev.snpkm.kmip.payload.CreateSplitKey;
import dev.snpkm.kmip.payload.Get;
import dev.snpkm.kmip.payload.JoinSplitKey;
import dev.snpkm.kmip.payload.Locate;
import dev.snpkm.kmip.payload.Register;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.Requests;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Debian PyKMIP 0.10 client against Split Key objects and Re-key Key Pair (interop/pykmip/pykmip_split_rekey.py):
 * PyKMIP Gets the parts of a 3-of-5 GF(2^8) split this server made and joins them with its own interpolation; it
 * registers three XOR parts that this server then joins (Join Split Key from the Java side: PyKMIP has no client call
 * for it) into the key it made; and it re-keys an RSA pair through its KMIPProxy.
 */
class PyKmipSplitKeyInteropIT {
    @RegisterExtension
    static final EngineFixture server = EngineFixture.forTestClass();

    @ParameterizedTest(name = "KMIP {0}")
    @ValueSource(strings = {"1.2", "1.4", "2.0"})
    void pyKmipReadsOurPartsRegistersItsOwnAndReKeysAPair(String version) throws Exception {
        KmipVersion v = KmipVersion.V2_1;
        String prefix = "split-interop-" + System.nanoTime();
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        String original;
        List<String> parts;
        try (var s = server.session(server.owner)) {
            original = s.call(v, Operation.REGISTER, Requests.symmetricKey(key))
                    .payload(Register.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            parts = s.call(
                            v,
                            Operation.CREATE_SPLIT_KEY,
                            CreateSplitKey.Request.of(
                                    original, ObjectType.SYMMETRIC_KEY, 5, 3, SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8))
                    .payload(CreateSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifiers();
        }

        PyKmipScriptRun run = PyKmipScriptRun.of(
                "pykmip_split_rekey.py",
                server,
                server.owner,
                "--version",
                version,
                "--name-prefix",
                prefix,
                "--parts",
                String.join(",", parts),
                "--original",
                original);

        assertThat(run.finished()).as("PyKMIP client finished within 60 s").isTrue();
        assertThat(run.failed()).as("failed steps (stderr: %s)", run.stderr()).isEmpty();
        assertThat(run.ok())
                .as("steps reported ok; stdout:%n%s%nstderr: %s", run.stdout(), run.stderr())
                .containsExactlyInAnyOrder("get-split-parts", "register-split-parts", "rekey-key-pair");
        assertThat(run.exitValue()).isZero();

        try (var s = server.session(server.owner)) {
            List<String> registered = new ArrayList<>();
            for (int i = 1; i <= 3; i++) {
                registered.add(locate(s, prefix + "-part-" + i));
            }
            String joined = s.call(
                            v, Operation.JOIN_SPLIT_KEY, JoinSplitKey.Request.of(ObjectType.SYMMETRIC_KEY, registered))
                    .payload(JoinSplitKey.Response.class)
                    .orElseThrow()
                    .uniqueIdentifier();
            assertThat(material(s, joined))
                    .as("PyKMIP's XOR parts join into the key it registered")
                    .isEqualTo(material(s, locate(s, prefix + "-original")));
        }
    }

    private static String locate(EngineFixture.Session s, String name) {
        List<String> found = s.call(
                        KmipVersion.V2_1, Operation.LOCATE, Locate.Request.of(Attributes.of(Requests.name(name))))
                .payload(Locate.Response.class)
                .orElseThrow()
                .uniqueIdentifiers();
        assertThat(found).as(name).hasSize(1);
        return found.get(0);
    }

    private static byte[] material(EngineFixture.Session s, String uid) {
        ManagedObject.SymmetricKey k =
                (ManagedObject.SymmetricKey) s.call(KmipVersion.V2_1, Operation.GET, Get.Request.of(uid))
                        .payload(Get.Response.class)
                        .orElseThrow()
                        .object();
        return ((KeyMaterial.Raw) ((KeyValue.Plain) k.keyBlock().keyValue()).material())
                .bytes()
                .toByteArray();
    }
}
