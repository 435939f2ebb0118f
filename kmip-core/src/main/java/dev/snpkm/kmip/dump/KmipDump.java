package dev.snpkm.kmip.dump;

import dev.snpkm.kmip.json.KmipJson;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvDecoder;
import dev.snpkm.kmip.ttlv.TtlvException;
import dev.snpkm.kmip.xml.KmipXml;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.HexFormat;

/**
 * {@code kmip-dump}: renders a TTLV message, given as hex or binary, as KMIP XML or JSON, for comparing a peer's bytes
 * with ours. This is an explicit dump, so Byte Strings (possibly key material) are printed.
 */
public final class KmipDump {
    static final int OK = 0;
    static final int MALFORMED = 1;
    static final int USAGE = 2;

    private KmipDump() {}

    public static void main(String[] args) {
        System.exit(run(args, System.in, System.out, System.err));
    }

    /** Runs the command; returns the exit status. */
    public static int run(String[] args, InputStream stdin, PrintStream out, PrintStream err) {
        DumpOptions options;
        try {
            options = DumpOptions.parse(args);
        } catch (DumpOptions.UsageException e) {
            err.println("kmip-dump: " + e.getMessage());
            err.println(DumpOptions.USAGE);
            return USAGE;
        }
        if (options.help()) {
            out.println(DumpOptions.USAGE);
            return OK;
        }
        byte[] message;
        try {
            message = readMessage(options, stdin);
        } catch (IOException e) {
            err.println("kmip-dump: cannot read " + (options.file() != null ? options.file() : "standard input") + ": "
                    + e.getMessage());
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("kmip-dump: " + e.getMessage());
            return MALFORMED;
        }
        try {
            Ttlv item = new TtlvDecoder().decode(message);
            out.print(
                    options.json()
                            ? KmipJson.render(item, options.version())
                            : KmipXml.render(item, options.version()));
            return OK;
        } catch (TtlvException e) {
            err.println("kmip-dump: " + e.getMessage());
            return MALFORMED;
        }
    }

    private static byte[] readMessage(DumpOptions options, InputStream stdin) throws IOException {
        if (options.hex() != null) {
            return hex(options.hex());
        }
        byte[] raw = options.file() != null ? Files.readAllBytes(options.file()) : stdin.readAllBytes();
        return looksLikeHexText(raw) ? hex(new String(raw, StandardCharsets.US_ASCII)) : raw;
    }

    /**
     * Hex text if every byte is a hex digit or white space. A binary TTLV message never qualifies: its first byte is
     * a tag byte 0x42 ('B', a hex digit) but its fourth is a type code 0x01..0x0B, which is neither.
     */
    private static boolean looksLikeHexText(byte[] raw) {
        boolean sawDigit = false;
        for (byte b : raw) {
            if (Character.digit(b, 16) >= 0) {
                sawDigit = true;
            } else if (!Character.isWhitespace(b)) {
                return false;
            }
        }
        return sawDigit;
    }

    private static byte[] hex(String text) {
        String digits = text.replaceAll("\\s+", "");
        if (digits.startsWith("0x") || digits.startsWith("0X")) {
            digits = digits.substring(2);
        }
        if (digits.length() % 2 != 0) {
            throw new IllegalArgumentException("the hex input has an odd number of digits (" + digits.length() + ")");
        }
        try {
            return HexFormat.of().parseHex(digits);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("the input is not hex: " + e.getMessage());
        }
    }
}
