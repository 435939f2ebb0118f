/**
 * The algorithms behind the cryptographic service operations (Encrypt, Decrypt, Sign, Signature Verify, MAC, MAC
 * Verify, Hash): KMIP Cryptographic Parameters mapped to JCA transformations, and the bounded store of open multi-part
 * streams. Which key may be used, by whom, is decided before, in {@code operations.access.ServiceKeys}.
 */
package dev.snpkm.server.cryptoservice;
