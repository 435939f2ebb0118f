package dev.snpkm.server.cryptoservice;

import dev.snpkm.kmip.attribute.CryptographicParameters;
import dev.snpkm.kmip.enums.EnumCode;
import dev.snpkm.kmip.enums.HashingAlgorithm;
import dev.snpkm.kmip.enums.MaskGenerator;
import dev.snpkm.kmip.enums.PaddingMethod;
import dev.snpkm.kmip.enums.ResultReason;
import dev.snpkm.kmip.registry.KmipVersion;
import dev.snpkm.kmip.tags.Tag;
import dev.snpkm.kmip.ttlv.Ttlv;
import dev.snpkm.server.operations.KmipOperationException;
import java.security.GeneralSecurityException;
import java.security.Key;
import java.security.spec.MGF1ParameterSpec;
import javax.crypto.BadPaddingException;
import javax.crypto.Cipher;
import javax.crypto.IllegalBlockSizeException;
import javax.crypto.spec.OAEPParameterSpec;
import javax.crypto.spec.PSource;

/**
 * RSA Encrypt (with a public key) and Decrypt (with the private key): OAEP (RFC 8017 §7.1; Hashing Algorithm and Mask
 * Generator Hashing Algorithm default to SHA-1 as KMIP 1.4 §3.6 says, P Source to empty) or PKCS#1 v1.5 (§7.2).
 * Single-shot only: RSA takes one block.
 */
public final class RsaCiphers {
    private RsaCiphers() {}

    public static byte[] run(boolean encrypt, Key key, CryptographicParameters p, byte[] data, KmipVersion v) {
        EnumCode<PaddingMethod> padding = p.paddingMethod()
                .orElseThrow(() -> ServiceRefusals.badParameters(
                        v, "RSA Encrypt and Decrypt need a Padding Method: OAEP or PKCS1 v1.5"));
        try {
            Cipher c;
            if (padding.is(PaddingMethod.OAEP)) {
                p.maskGenerator().filter(m -> !m.is(MaskGenerator.MFG1)).ifPresent(m -> {
                    throw ServiceRefusals.badParameters(
                            v, "OAEP supports Mask Generator MGF1 (spelt MFG1 in the KMIP enumeration) only");
                });
                String hash =
                        DigestAlgorithms.jcaName(p.hashingAlgorithm().orElse(EnumCode.of(HashingAlgorithm.SHA_1)), v);
                String mgfHash = DigestAlgorithms.jcaName(
                        p.maskGeneratorHashingAlgorithm().orElse(EnumCode.of(HashingAlgorithm.SHA_1)), v);
                PSource source = p.field(Tag.P_SOURCE)
                        .map(f -> (PSource) new PSource.PSpecified(((Ttlv.ByteString) f).value()))
                        .orElse(PSource.PSpecified.DEFAULT);
                c = Cipher.getInstance("RSA/ECB/OAEPPadding");
                c.init(
                        encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                        key,
                        new OAEPParameterSpec(hash, "MGF1", new MGF1ParameterSpec(mgfHash), source));
            } else if (padding.is(PaddingMethod.PKCS1_V1_5)) {
                c = Cipher.getInstance("RSA/ECB/PKCS1Padding");
                c.init(encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE, key);
            } else {
                throw ServiceRefusals.badParameters(
                        v, "RSA Encrypt and Decrypt support Padding Method OAEP and " + "PKCS1 v1.5, not " + padding);
            }
            return c.doFinal(data);
        } catch (BadPaddingException e) {
            throw ServiceRefusals.cryptographicFailure("the data does not decrypt under this key and padding");
        } catch (IllegalBlockSizeException e) {
            throw new KmipOperationException(
                    ResultReason.INVALID_FIELD, "the data is too long for one RSA block under this key and padding");
        } catch (GeneralSecurityException e) {
            throw ServiceRefusals.badParameters(v, "cannot set up RSA " + padding + ": " + e.getMessage());
        }
    }
}
