package dev.snpkm.kmip.registry;

import java.util.List;

/** A KMIP protocol version, ordered (1.0 < 1.4 < 2.0 < 2.1). */
public record KmipVersion(int major, int minor) implements Comparable<KmipVersion> {
    public static final KmipVersion V1_0 = new KmipVersion(1, 0);
    public static final KmipVersion V1_1 = new KmipVersion(1, 1);
    public static final KmipVersion V1_2 = new KmipVersion(1, 2);
    public static final KmipVersion V1_3 = new KmipVersion(1, 3);
    public static final KmipVersion V1_4 = new KmipVersion(1, 4);
    public static final KmipVersion V2_0 = new KmipVersion(2, 0);
    public static final KmipVersion V2_1 = new KmipVersion(2, 1);

    /**
     * The versions kmip-core encodes and decodes, newest first: the one list that the server offers (Discover Versions
     * answers in this order) and accepts, and that the client proposes.
     */
    public static final List<KmipVersion> SUPPORTED = List.of(V2_1, V2_0, V1_4, V1_3, V1_2, V1_1, V1_0);

    /** Parses "1.4". */
    public static KmipVersion parse(String text) {
        String[] parts = text.trim().split("\\.");
        if (parts.length != 2) {
            throw new IllegalArgumentException("not a KMIP version: '" + text + "'");
        }
        return new KmipVersion(Integer.parseInt(parts[0]), Integer.parseInt(parts[1]));
    }

    @Override
    public int compareTo(KmipVersion o) {
        return major != o.major ? Integer.compare(major, o.major) : Integer.compare(minor, o.minor);
    }

    /** Whether this is one of {@link #SUPPORTED}. */
    public boolean isSupported() {
        return SUPPORTED.contains(this);
    }

    public boolean isAtLeast(KmipVersion o) {
        return compareTo(o) >= 0;
    }

    /** KMIP 2.x changed attribute encoding (Attributes, Attribute Reference) and dropped Template-Attribute. */
    public boolean isTwoOrLater() {
        return major >= 2;
    }

    @Override
    public String toString() {
        return major + "." + minor;
    }
}
