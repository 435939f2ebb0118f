package dev.snpkm.unlock.luks;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

/** Runs for real, and remembers each command line and environment exactly as handed to the OS. */
public final class RecordingProcessRunner implements ProcessRunner {
    public record Invocation(List<String> command, Map<String, String> environment, int stdinBytes) {}

    private final ProcessRunner delegate = new SystemProcessRunner();
    private final List<Invocation> invocations = new CopyOnWriteArrayList<>();

    @Override
    public Outcome run(ProcessBuilder builder, byte[] stdin, Duration timeout) throws IOException {
        invocations.add(
                new Invocation(List.copyOf(builder.command()), Map.copyOf(builder.environment()), stdin.length));
        return delegate.run(builder, stdin, timeout);
    }

    public List<Invocation> invocations() {
        return invocations;
    }

    /** Fails if any recorded argument or environment value contains the key as raw bytes, hex or Base64. */
    public void assertKeyNeverPassedOutsideStdin(byte[] key) {
        List<String> forms = List.of(
                new String(key, java.nio.charset.StandardCharsets.ISO_8859_1),
                java.util.HexFormat.of().formatHex(key),
                java.util.HexFormat.of().withUpperCase().formatHex(key),
                java.util.Base64.getEncoder().encodeToString(key));
        org.assertj.core.api.Assertions.assertThat(invocations).isNotEmpty();
        for (Invocation i : invocations) {
            for (String text : concat(i.command(), i.environment())) {
                for (String form : forms) {
                    org.assertj.core.api.Assertions.assertThat(text)
                            .as("argv/env of %s", i.command().get(0))
                            .doesNotContain(form);
                }
            }
        }
    }

    private static List<String> concat(List<String> command, Map<String, String> env) {
        List<String> all = new java.util.ArrayList<>(command);
        env.forEach((k, v) -> all.add(k + "=" + v));
        return all;
    }
}
