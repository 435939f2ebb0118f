package dev.snpkm.server.engine;

import dev.snpkm.server.testing.EngineFixture;
import dev.snpkm.server.testing.TestPki;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One run of a PyKMIP driver script from interop/pykmip with Debian's /usr/bin/python3 against a test server, and the
 * steps it reported: each script prints one JSON line per step, {"step": ..., "ok": ..., "detail": ...}.
 */
record PyKmipScriptRun(
        boolean finished, int exitValue, List<String> ok, Map<String, String> failed, String stdout, String stderr) {
    private static final Pattern LINE =
            Pattern.compile("\\{\"step\": \"([^\"]+)\", \"ok\": (true|false), \"detail\": \"(.*)\"\\}");

    static PyKmipScriptRun of(String script, EngineFixture server, TestPki.Credential who, String... extraArgs)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                "/usr/bin/python3",
                Path.of("..", "interop", "pykmip", script).toString(),
                "--host",
                "127.0.0.1",
                "--port",
                String.valueOf(server.port()),
                "--ca",
                server.pki.caCertificatePem().toString(),
                "--cert",
                who.certificatePem().toString(),
                "--key",
                who.privateKeyPem().toString()));
        cmd.addAll(List.of(extraArgs));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(false).start();
        boolean finished = p.waitFor(60, TimeUnit.SECONDS);
        if (!finished) {
            p.destroyForcibly();
        }
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        Map<String, String> failed = new LinkedHashMap<>();
        List<String> ok = new ArrayList<>();
        for (String line : out.split("\n")) {
            Matcher m = LINE.matcher(line.trim());
            if (m.matches()) {
                if (m.group(2).equals("true")) {
                    ok.add(m.group(1));
                } else {
                    failed.put(m.group(1), m.group(3));
                }
            }
        }
        return new PyKmipScriptRun(finished, finished ? p.exitValue() : -1, ok, failed, out, tail(err));
    }

    private static String tail(String s) {
        return s.length() > 2000 ? s.substring(s.length() - 2000) : s;
    }
}
