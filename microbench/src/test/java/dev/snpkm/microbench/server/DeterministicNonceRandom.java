package dev.snpkm.microbench.server;

import java.security.SecureRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * BENCHMARK ONLY: every 32-byte nonce value is the same, every other request (the 16-byte nonce id) is unique. With a
 * fixed nonce value one pre-signed report serves every iteration, so the benchmark measures the gate (issue, consume,
 * verify, audit) and not the test's report signing; the nonce ids still differ, so each nonce is really stored and
 * consumed once.
 */
final class DeterministicNonceRandom extends SecureRandom {
    private static final long serialVersionUID = 1L;
    static final byte[] VALUE = new byte[32];

    static {
        for (int i = 0; i < VALUE.length; i++) {
            VALUE[i] = (byte) (0x30 + i);
        }
    }

    private final AtomicLong counter = new AtomicLong();

    @Override
    public void nextBytes(byte[] bytes) {
        if (bytes.length == VALUE.length) {
            System.arraycopy(VALUE, 0, bytes, 0, bytes.length);
            return;
        }
        long n = counter.incrementAndGet();
        java.util.Arrays.fill(bytes, (byte) 0x7E);
        for (int i = 0; i < 8 && i < bytes.length; i++) {
            bytes[i] = (byte) (n >>> (8 * i));
        }
    }
}
