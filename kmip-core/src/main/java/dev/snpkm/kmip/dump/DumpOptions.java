package dev.snpkm.kmip.dump;

import dev.snpkm.kmip.registry.KmipVersion;
import java.nio.file.Path;
import org.jspecify.annotations.Nullable;

/**
 * The command line of {@link KmipDump}: where the message comes from, the output encoding and the KMIP version whose
 * enumeration names to use. Plain parsing keeps kmip-core free of CLI dependencies.
 *
 * @param hex the message as a hex argument, or null
 * @param file a file holding the message as hex text or raw bytes, or null (neither: standard input)
 * @param json JSON output instead of XML
 * @param version the KMIP version whose names are rendered
 */
record DumpOptions(@Nullable String hex, @Nullable Path file, boolean json, KmipVersion version, boolean help) {
    static final String USAGE = String.join(
            "\n",
            "usage: kmip-dump [--hex HEX | --file PATH] [--json] [--version MAJOR.MINOR]",
            "Renders one TTLV message as KMIP XML (default) or JSON.",
            "  --hex HEX        the message as hex digits (spaces allowed)",
            "  --file PATH      a file with the message as hex text or raw binary; without --hex/--file, stdin",
            "  --json           render KMIP JSON instead of XML",
            "  --version V      use the enumeration names of KMIP version V (default 2.1), e.g. 1.4",
            "Exit status: 0 rendered, 1 malformed message, 2 usage error.");

    /** A command line we cannot act on; the message says what to fix. */
    static final class UsageException extends Exception {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    static DumpOptions parse(String[] args) throws UsageException {
        String hex = null;
        Path file = null;
        boolean json = false;
        KmipVersion version = KmipVersion.V2_1;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--hex":
                    hex = value(args, ++i, "--hex");
                    break;
                case "--file":
                    file = Path.of(value(args, ++i, "--file"));
                    break;
                case "--json":
                    json = true;
                    break;
                case "--version":
                    String v = value(args, ++i, "--version");
                    try {
                        version = KmipVersion.parse(v);
                    } catch (IllegalArgumentException e) {
                        throw new UsageException("--version needs MAJOR.MINOR such as 1.4 or 2.1, not '" + v + "'");
                    }
                    break;
                case "-h":
                case "--help":
                    return new DumpOptions(null, null, false, version, true);
                default:
                    throw new UsageException("unknown option '" + args[i] + "'");
            }
        }
        if (hex != null && file != null) {
            throw new UsageException("give the message either with --hex or with --file, not both");
        }
        return new DumpOptions(hex, file, json, version, false);
    }

    private static String value(String[] args, int i, String option) throws UsageException {
        if (i >= args.length) {
            throw new UsageException(option + " needs a value");
        }
        return args[i];
    }
}
