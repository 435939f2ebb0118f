package dev.snpkm.server.conformance;

import java.nio.file.Path;

/**
 * One OASIS test case file, e.g. {@code SKLC-M-1-21}: profile {@code SKLC}, KMIP version {@code 2.1}.
 *
 * @param id the file name without {@code .xml}
 * @param profile the profile prefix before {@code -M-} (or {@code -O-} for an optional case)
 * @param version "1.4" or "2.1", from the directory the file lies in
 */
record ConformanceCase(String id, String profile, String version, Path file) {

    static ConformanceCase of(Path file) {
        String id = file.getFileName().toString().replaceFirst("\\.xml$", "");
        int mark = id.contains("-M-") ? id.indexOf("-M-") : id.indexOf("-O-"); // mandatory or optional
        String profile = id.substring(0, mark);
        String version = file.getParent().getParent().getFileName().toString().substring(1); // .../v2.1/mandatory
        return new ConformanceCase(id, profile, version, file);
    }

    @Override
    public String toString() {
        return id;
    }
}
