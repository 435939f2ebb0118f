package dev.snpkm.server.cryptoservice;

import java.security.Signature;
import java.security.SignatureException;
import java.util.List;

/**
 * One signature being computed or checked, over one or more JCA objects fed the same data: a check passes if any of
 * them verifies (see {@link SignatureSchemes.Scheme#forVerifying}); signing uses exactly one.
 */
public final class Signatures {
    private final List<Signature> all;

    Signatures(List<Signature> all) {
        this.all = List.copyOf(all);
    }

    public void update(byte[] data) throws SignatureException {
        for (Signature s : all) {
            s.update(data);
        }
    }

    public byte[] sign() throws SignatureException {
        return all.get(0).sign();
    }

    /** Whether the signature verifies; a malformed signature does not. */
    public boolean verify(byte[] signature) {
        boolean valid = false;
        for (Signature s : all) {
            try {
                valid |= s.verify(signature);
            } catch (SignatureException malformed) {
                // not valid under this one
            }
        }
        return valid;
    }
}
