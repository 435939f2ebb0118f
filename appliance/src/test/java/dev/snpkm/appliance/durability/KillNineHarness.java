package dev.snpkm.appliance.durability;

import dev.snpkm.appliance.bootstrap.DataDirectory;
import dev.snpkm.appliance.testing.ApplianceProcess;
import dev.snpkm.client.KeyAttributes;
import dev.snpkm.client.KmipClient;
import dev.snpkm.client.KmipOperationException;
import dev.snpkm.client.tls.ClientTlsConfig;
import dev.snpkm.client.transport.KmipEndpoint;
import dev.snpkm.client.transport.KmipTransport;
import dev.snpkm.client.transport.TransportSettings;
import dev.snpkm.kmip.attribute.Attributes;
import dev.snpkm.kmip.enums.CryptographicAlgorithm;
import dev.snpkm.kmip.enums.State;
import dev.snpkm.kmip.object.KeyBlock;
import dev.snpkm.kmip.object.KeyMaterial;
import dev.snpkm.kmip.object.KeyValue;
import dev.snpkm.kmip.object.ManagedObject;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * kill -9 against the real appliance process under concurrent load. Each trial starts the appliance on the same data
 * directory, runs writer threads (Create with a Name and an x-kill attribute, Register of known bytes, Modify of
 * x-kill, Destroy) through the Java client with the bootstrap admin certificate, SIGKILLs the JVM at a random moment,
 * restarts it and checks every write acknowledged in that trial: the object exists, Register's material comes back byte
 * for byte, x-kill holds the acknowledged value (or the one in flight), a destroyed object is Destroyed (or active, if
 * its Destroy was in flight). A restart that does not reach "event=ready" fails the trial. Before each restart the
 * store's objects and audit records must agree ({@link ActionRecordCheck}). Run it with
 * {@code appliance/bench/kill9.sh TRIALS}; {@link KillNineIT} runs 5 trials.
 */
public final class KillNineHarness {
    private static final int WRITERS = 4;

    /** What a run saw. */
    public record Result(int trials, long acknowledged, long checked, long lost, long restartsFailed, long unaudited) {}

    private KillNineHarness() {}

    public static void main(String[] args) throws Exception {
        int trials = args.length > 0 ? Integer.parseInt(args[0]) : 100;
        Path dir = Files.createTempDirectory("kill9-");
        Result r;
        try {
            r = run(dir, trials, new Random(), System.out);
        } finally {
            try (var paths = Files.walk(dir)) { // the data dir holds the appliance's keys: leave nothing behind
                paths.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        System.exit(r.lost() == 0 && r.restartsFailed() == 0 && r.unaudited() == 0 ? 0 : 1);
    }

    public static Result run(Path dir, int trials, Random random, PrintStream out) throws Exception {
        Path config = dir.resolve("appliance.yaml");
        Files.writeString(
                config, "kmip:\n  address: 127.0.0.1\n  port: 0\nmetrics:\n  port: 0\nlimits:\n" + "  workers: 4\n");
        Path data = dir.resolve("data");
        Credentials creds = null;
        long acknowledged = 0;
        long checked = 0;
        long lost = 0;
        long restartsFailed = 0;
        long unaudited = 0;
        Ledger previous = null;
        for (int trial = 0; trial <= trials; trial++) {
            ApplianceProcess appliance = ApplianceProcess.start(config, data);
            ApplianceProcess.ReadyLine ready;
            try {
                ready = appliance.awaitReady();
            } catch (AssertionError e) {
                restartsFailed++;
                out.println("trial " + trial + ": restart failed: " + e.getMessage());
                appliance.close();
                break;
            }
            if (creds == null) {
                creds = Credentials.printedBy(appliance.output());
            }
            if (previous != null) {
                long[] c = previous.verify(creds, ready.kmipPort());
                checked += c[0];
                lost += c[1];
                out.printf(
                        "trial %d: %d objects with acknowledged writes, %d checked after kill -9 and restart, "
                                + "%d lost%n",
                        trial, previous.acknowledged(), c[0], c[1]);
            }
            if (trial == trials) {
                appliance.terminate();
                break;
            }
            Ledger ledger = new Ledger(trial);
            AtomicBoolean killed = new AtomicBoolean();
            List<Thread> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                Credentials c = creds;
                int port = ready.kmipPort();
                int id = w;
                long seed = random.nextLong();
                Thread t = new Thread(() -> ledger.write(c, port, id, new Random(seed), killed), "kill9-writer-" + w);
                writers.add(t);
                t.start();
            }
            // The kill comes at a random moment once writes flow (the writers' TLS handshakes take a while here).
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
            while (ledger.acknowledged() < 20 && ledger.failure == null && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(random.nextInt(1000));
            killed.set(true);
            ProcessHandle.of(appliance.pid()).ifPresent(ProcessHandle::destroyForcibly); // SIGKILL
            appliance.awaitExit(Duration.ofSeconds(30));
            for (Thread t : writers) {
                t.join(TimeUnit.SECONDS.toMillis(60));
            }
            if (ledger.failure != null) {
                throw new IllegalStateException("a write failed before the kill", ledger.failure);
            }
            acknowledged += ledger.acknowledged();
            unaudited += ActionRecordCheck.disagreements(
                    new DataDirectory(data).storeBase(), ledger.objects.keySet(), ledger.destroyed(), out);
            previous = ledger;
        }
        out.printf(
                "kill -9: %d trials, %d objects with acknowledged writes, %d checked after restart, %d lost, "
                        + "%d restarts failed, %d disagreements between objects and audit records%n",
                trials, acknowledged, checked, lost, restartsFailed, unaudited);
        return new Result(trials, acknowledged, checked, lost, restartsFailed, unaudited);
    }

    /** The bootstrap admin's files, as the first start printed them. */
    record Credentials(Path ca, Path certificate, Path key) {
        static Credentials printedBy(String output) {
            Map<String, String> printed = new ConcurrentHashMap<>();
            for (String line : output.split("\n")) {
                int eq = line.indexOf('=');
                if (!line.startsWith("ts=") && eq > 0 && !line.startsWith(" ")) {
                    printed.put(line.substring(0, eq), line.substring(eq + 1).split(" ")[0]);
                }
            }
            return new Credentials(
                    Path.of(printed.get("ca_certificate")),
                    Path.of(printed.get("admin_certificate")),
                    Path.of(printed.get("admin_private_key")));
        }

        KmipClient connect(int port) throws Exception {
            return new KmipClient(new KmipTransport(
                    KmipEndpoint.parse("127.0.0.1:" + port),
                    ClientTlsConfig.fromPem(ca, certificate, key),
                    TransportSettings.defaults()
                            .withConnectTimeout(Duration.ofSeconds(10))
                            .withReadTimeout(Duration.ofSeconds(30))
                            .withRetries(1, Duration.ZERO, Duration.ZERO)));
        }
    }

    /** One object's acknowledged state, and what was in flight when the process died. */
    private record Expected(
            String uid,
            byte[] registered,
            String value,
            String valueInFlight,
            boolean destroyed,
            boolean destroyInFlight) {}

    /** The writes of one trial: acknowledged ones, and those in flight at the kill. */
    private static final class Ledger {
        private final int trial;
        private final Map<String, Expected> objects = new ConcurrentHashMap<>();
        volatile Throwable failure;

        Ledger(int trial) {
            this.trial = trial;
        }

        long acknowledged() {
            return objects.size();
        }

        /** The objects whose Destroy was acknowledged. */
        List<String> destroyed() {
            return objects.values().stream()
                    .filter(Expected::destroyed)
                    .map(Expected::uid)
                    .toList();
        }

        void write(Credentials creds, int port, int writer, Random random, AtomicBoolean killed) {
            List<String> mine = new ArrayList<>();
            long seq = 0;
            try (KmipClient client = creds.connect(port)) {
                while (!killed.get()) {
                    int dice = random.nextInt(100);
                    String name = "k9-" + trial + "-" + writer + "-" + seq++;
                    if (dice < 35 || mine.isEmpty()) {
                        String uid = client.create(
                                CryptographicAlgorithm.AES,
                                256,
                                KeyAttributes.name(name),
                                KeyAttributes.custom("x-kill", "v0"));
                        objects.put(uid, new Expected(uid, null, "v0", null, false, false));
                        mine.add(uid);
                    } else if (dice < 55) {
                        byte[] key = new byte[32];
                        random.nextBytes(key);
                        String uid = client.register(
                                new ManagedObject.SymmetricKey(
                                        KeyBlock.raw(key.clone(), CryptographicAlgorithm.AES, 256)),
                                Attributes.of(KeyAttributes.name(name), KeyAttributes.custom("x-kill", "v0")));
                        objects.put(uid, new Expected(uid, key, "v0", null, false, false));
                        mine.add(uid);
                    } else if (dice < 85) {
                        String uid = mine.get(random.nextInt(mine.size()));
                        Expected x = objects.get(uid);
                        String value = "v" + seq;
                        objects.put(uid, new Expected(uid, x.registered, x.value, value, false, false));
                        client.modifyAttribute(uid, KeyAttributes.custom("x-kill", value));
                        objects.put(uid, new Expected(uid, x.registered, value, null, false, false));
                    } else {
                        String uid = mine.remove(random.nextInt(mine.size()));
                        Expected x = objects.get(uid);
                        objects.put(uid, new Expected(uid, x.registered, x.value, null, false, true));
                        client.destroy(uid);
                        objects.put(uid, new Expected(uid, x.registered, x.value, null, true, false));
                    }
                }
            } catch (Exception e) {
                if (!killed.get()) {
                    failure = e;
                }
            }
        }

        /** Checks every acknowledged write against the restarted appliance: {checked, lost}. */
        long[] verify(Credentials creds, int port) throws Exception {
            long checked = 0;
            long lost = 0;
            try (KmipClient client = creds.connect(port)) {
                for (Expected x : objects.values()) {
                    checked++;
                    if (!matches(client, x)) {
                        lost++;
                        System.out.println("LOST or wrong: " + x.uid + " expected " + x);
                    }
                }
            }
            return new long[] {checked, lost};
        }

        private static boolean matches(KmipClient client, Expected x) throws Exception {
            Attributes a;
            try {
                a = client.getAttributes(x.uid, "x-kill", "State");
            } catch (KmipOperationException e) {
                return false; // Item Not Found: an acknowledged Create or Register is gone
            }
            String value = a.text("x-kill").orElse(null);
            if (!x.value.equals(value) && !(x.valueInFlight != null && x.valueInFlight.equals(value))) {
                return false;
            }
            boolean destroyed = a.enumeration("State", State.class)
                    .map(s -> s.is(State.DESTROYED))
                    .orElse(false);
            if (destroyed != x.destroyed && !x.destroyInFlight) {
                return false;
            }
            if (!destroyed && x.registered != null) {
                try {
                    ManagedObject o = client.get(x.uid);
                    KeyBlock b = ((ManagedObject.SymmetricKey) o).keyBlock();
                    byte[] got = ((KeyMaterial.Raw) ((KeyValue.Plain) b.keyValue()).material())
                            .bytes()
                            .toByteArray();
                    boolean same = Arrays.equals(got, x.registered);
                    Arrays.fill(got, (byte) 0);
                    o.destroy();
                    return same;
                } catch (KmipOperationException e) {
                    return false;
                }
            }
            return true;
        }
    }
}
