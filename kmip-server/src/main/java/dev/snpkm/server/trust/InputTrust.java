package dev.snpkm.server.trust;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Whether a file that decides what the server trusts (a policy file, a CRL) may be read again while the server runs.
 * The host checks its inputs' owners and modes at start; a file re-read on change must pass the same check each time,
 * or a file made writable by others after the start would be trusted on its next change.
 */
@FunctionalInterface
public interface InputTrust {
    /** @throws IOException whose message names the file and what is wrong with it */
    void check(Path file) throws IOException;

    /** Trusts every file: for embedded use and tests, where the host makes no such check. */
    static InputTrust anyFile() {
        return file -> {};
    }
}
