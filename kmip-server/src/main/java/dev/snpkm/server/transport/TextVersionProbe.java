package dev.snpkm.server.transport;

import dev.snpkm.kmip.registry.KmipRegistry;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.kmip.ttlv.TtlvEncoder;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The Protocol Version a JSON or XML request names, read from its first bytes without parsing it, so that a request
 * refused before a worker converts it (server busy, rate limited) or that does not convert is still answered in its
 * client's version. The version comes first in every Request Message, by name or by tag in either encoding, e.g.
 * {@code {"tag":"ProtocolVersionMajor","type":"Integer","value":2}} or {@code <ProtocolVersionMajor type="Integer"
 * value="2"/>}. The result is a TTLV frame prefix holding just that version, for {@link ProtocolVersionProbe}.
 */
final class TextVersionProbe {
    /** The header comes first; a version further in is not where a Request Message has it. */
    private static final int SCAN_BYTES = 2048;

    private static final KmipRegistry R = KmipRegistry.get();

    private static final Pattern MAJOR = Pattern.compile("(?:ProtocolVersionMajor|0x42006[Aa])\\D{0,64}?(\\d{1,3})");
    private static final Pattern MINOR = Pattern.compile("(?:ProtocolVersionMinor|0x42006[Bb])\\D{0,64}?(\\d{1,3})");

    private TextVersionProbe() {}

    /** A TTLV frame naming the text's version (and nothing else), or no bytes if the text names none. */
    static byte[] frame(byte[] text) {
        String head = new String(text, 0, Math.min(text.length, SCAN_BYTES), StandardCharsets.ISO_8859_1);
        Matcher major = MAJOR.matcher(head);
        Matcher minor = MINOR.matcher(head);
        if (!major.find() || !minor.find()) {
            return new byte[0];
        }
        return TtlvEncoder.encode(Ttlv.structure(
                R.tagValue("Request Message"),
                Ttlv.structure(
                        R.tagValue("Request Header"),
                        Ttlv.structure(
                                R.tagValue("Protocol Version"),
                                Ttlv.integer(R.tagValue("Protocol Version Major"), Integer.parseInt(major.group(1))),
                                Ttlv.integer(
                                        R.tagValue("Protocol Version Minor"), Integer.parseInt(minor.group(1)))))));
    }
}
