package dev.snpkm.microbench.kmip;

import dev.snpkm.kmip.ttlv.Ttlv;

/**
 * A typical Get response (KMIP 2.1 §6.1.21): header plus one batch item whose payload carries Object Type, Unique
 * Identifier and a Symmetric Key with a 32-byte AES key in its Key Block.
 */
final class GetResponseSample {
    private GetResponseSample() {}

    static Ttlv message() {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i * 7 + 3);
        }
        Ttlv header = Ttlv.structure(
                0x42007A,
                Ttlv.structure(0x420069, Ttlv.integer(0x42006A, 2), Ttlv.integer(0x42006B, 1)),
                Ttlv.dateTime(0x420092, 1_700_000_000L),
                Ttlv.integer(0x42000D, 1));
        Ttlv keyBlock = Ttlv.structure(
                0x420040,
                Ttlv.enumeration(0x420042, 0x01), // Key Format Type: Raw
                Ttlv.structure(0x420045, Ttlv.bytes(0x420043, key)), // Key Value { Key Material }
                Ttlv.enumeration(0x420028, 0x03), // Cryptographic Algorithm: AES
                Ttlv.integer(0x42002A, 256));
        Ttlv payload = Ttlv.structure(
                0x42007C,
                Ttlv.enumeration(0x420057, 0x02), // Object Type: Symmetric Key
                Ttlv.text(0x420094, "4a1b7e0c-2f5d-4c3a-9e8b-6d7f1a2b3c4d"),
                Ttlv.structure(0x42008F, keyBlock));
        Ttlv batchItem = Ttlv.structure(
                0x42000F,
                Ttlv.enumeration(0x42005C, 0x0A), // Operation: Get
                Ttlv.enumeration(0x42007F, 0x00), // Result Status: Success
                payload);
        return Ttlv.structure(0x42007B, header, batchItem);
    }
}
