#!/usr/bin/python3
"""Drives a KMIP server's cryptographic services with the PyKMIP client (Debian python3-pykmip) and checks every result
against the Python 'cryptography' library computing the same thing locally: encrypt, decrypt, sign, signature_verify
(also in two parts: PyKMIP 0.10 models Init/Final Indicator and Correlation Value only in its Signature Verify payload,
not in Encrypt/Decrypt nor in its client API, so that stream is sent with PyKMIP's payload classes), mac, and
derive_key (PBKDF2, HMAC, NIST800-108-C).

Used by PyKmipCryptoInteropIT and runnable by hand:
  /usr/bin/python3 pykmip_crypto_ops.py --host 127.0.0.1 --port 5696 --ca ca.pem --cert client.pem \
      --key client.key --version 1.4
Prints one JSON line per step: {"step": ..., "ok": true|false, "detail": ...}; exits 0 only if every step passed.
Key material is never printed.
"""
import argparse
import hashlib
import hmac
import sys
import warnings

warnings.filterwarnings("ignore")

from cryptography.hazmat.backends import default_backend  # noqa: E402
from cryptography.hazmat.primitives import hashes, serialization  # noqa: E402
from cryptography.hazmat.primitives.asymmetric import padding  # noqa: E402
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes  # noqa: E402
from cryptography.hazmat.primitives.kdf import kbkdf  # noqa: E402
from kmip import enums  # noqa: E402
from kmip.core import objects as core_objects  # noqa: E402
from kmip.core.messages import contents, messages, payloads  # noqa: E402
from kmip_steps import add_connection_arguments, check, failures  # noqa: E402
from kmip.pie import client as pie_client  # noqa: E402
from kmip.pie import objects  # noqa: E402

VERSIONS = {
    "1.2": enums.KMIPVersion.KMIP_1_2, "1.3": enums.KMIPVersion.KMIP_1_3, "1.4": enums.KMIPVersion.KMIP_1_4,
    "2.0": enums.KMIPVersion.KMIP_2_0,
}
M = enums.CryptographicUsageMask
def main():
    p = argparse.ArgumentParser()
    add_connection_arguments(p)
    p.add_argument("--version", default="1.4", choices=sorted(VERSIONS))
    p.add_argument("--name-prefix", default="pykmip-crypto")
    a = p.parse_args()
    name = "%s-%s" % (a.name_prefix, a.version)  # Names are unique on the server: one set per run

    c = pie_client.ProxyKmipClient(hostname=a.host, port=a.port, cert=a.cert, key=a.key, ca=a.ca,
                                   config_file="/dev/null", kmip_version=VERSIONS[a.version])
    c.open()
    try:
        aes_key = bytes(range(32))
        aes_uid = c.register(objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, aes_key,
                                                  masks=[M.ENCRYPT, M.DECRYPT], name=name + "-aes"))
        c.activate(aes_uid)
        message = b"PyKMIP interop: sixteen bytes x3" * 3
        cbc = {"block_cipher_mode": enums.BlockCipherMode.CBC, "padding_method": enums.PaddingMethod.PKCS5,
               "cryptographic_algorithm": enums.CryptographicAlgorithm.AES}
        state = {}

        def encrypt():
            data, iv = c.encrypt(message, uid=aes_uid, cryptographic_parameters=cbc)
            state["ciphertext"], state["iv"] = data, iv
            local = Cipher(algorithms.AES(aes_key), modes.CBC(iv), backend=default_backend()).decryptor()
            plain = local.update(data) + local.finalize()
            pad = plain[-1]
            return iv is not None and len(iv) == 16 and plain[:-pad] == message, "%d bytes, IV %d bytes" % (
                len(data), len(iv or b""))
        check("encrypt", encrypt)

        def decrypt():
            plain = c.decrypt(state["ciphertext"], uid=aes_uid, cryptographic_parameters=cbc,
                              iv_counter_nonce=state["iv"])
            return plain == message, "%d bytes" % len(plain)
        check("decrypt", decrypt)

        def decrypt_wrong_iv_fails():
            try:
                plain = c.decrypt(state["ciphertext"], uid=aes_uid, cryptographic_parameters=cbc,
                                  iv_counter_nonce=bytes(16))
                return plain != message, "decrypted to other bytes (CBC: only the first block differs)"
            except Exception as e:  # a padding failure is also a correct outcome
                return True, type(e).__name__
        check("decrypt-wrong-iv", decrypt_wrong_iv_fails)

        public_uid, private_uid = c.create_key_pair(enums.CryptographicAlgorithm.RSA, 2048,
                                                    public_usage_mask=[M.VERIFY], private_usage_mask=[M.SIGN],
                                                    public_name=name + "-public", private_name=name + "-private")
        c.activate(public_uid)
        c.activate(private_uid)
        public_der = c.get(public_uid, key_wrapping_specification=None).value
        public = serialization.load_der_public_key(public_der, backend=default_backend())
        pss = {"padding_method": enums.PaddingMethod.PSS, "hashing_algorithm": enums.HashingAlgorithm.SHA_256,
               "cryptographic_algorithm": enums.CryptographicAlgorithm.RSA}

        def sign():
            signature = c.sign(message, uid=private_uid, cryptographic_parameters=pss)
            state["signature"] = signature
            public.verify(signature, message, padding.PSS(mgf=padding.MGF1(hashes.SHA256()), salt_length=32),
                          hashes.SHA256())  # raises if it does not verify
            return len(signature) == 256, "%d-byte RSASSA-PSS signature verified locally" % len(signature)
        check("sign", sign)

        def signature_verify():
            good = c.signature_verify(message, state["signature"], uid=public_uid, cryptographic_parameters=pss)
            bad = c.signature_verify(message + b"!", state["signature"], uid=public_uid,
                                     cryptographic_parameters=pss)
            return good == enums.ValidityIndicator.VALID and bad == enums.ValidityIndicator.INVALID, \
                "%s / %s" % (good, bad)
        check("signature-verify", signature_verify)

        def signature_verify_streamed():
            # Two parts through PyKMIP's own payloads: Init Indicator with the first half, then the Correlation Value
            # the server returned, Final Indicator, the second half and the signature.
            proxy = c.proxy
            params = c._build_cryptographic_parameters(pss)

            def send(payload):
                item = messages.RequestBatchItem(
                    operation=contents.Operation(enums.Operation.SIGNATURE_VERIFY), request_payload=payload)
                response = proxy._send_and_receive_message(proxy._build_request_message(None, [item]))
                return response.batch_items[0]
            first = send(payloads.SignatureVerifyRequestPayload(
                unique_identifier=public_uid, cryptographic_parameters=params, data=message[:40],
                init_indicator=True))
            correlation = first.response_payload.correlation_value
            last = send(payloads.SignatureVerifyRequestPayload(
                data=message[40:], signature_data=state["signature"], correlation_value=correlation,
                final_indicator=True))
            valid = last.response_payload.validity_indicator
            return correlation is not None and valid == enums.ValidityIndicator.VALID, "%d-byte correlation, %s" % (
                len(correlation or b""), valid)
        if a.version != "1.2":  # Init/Final Indicator and Correlation Value came with KMIP 1.3
            check("signature-verify-streamed", signature_verify_streamed)

        password = b"correct horse battery staple"
        password_uid = c.register(objects.SecretData(password, enums.SecretDataType.PASSWORD,
                                                     masks=[M.DERIVE_KEY], name=name + "-password"))
        c.activate(password_uid)
        base_key = bytes(range(64, 96))
        base_uid = c.register(objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, base_key,
                                                   masks=[M.DERIVE_KEY], name=name + "-kdk"))
        c.activate(base_uid)
        sha256 = {"hashing_algorithm": enums.HashingAlgorithm.SHA_256}

        def derived(method, base, parameters):
            uid = c.derive_key(enums.ObjectType.SYMMETRIC_KEY, [base], method, parameters,
                               cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256)
            key = c.get(uid).value
            state.setdefault("derived", []).append(uid)
            return uid, key

        def derive_pbkdf2():
            uid, key = derived(enums.DerivationMethod.PBKDF2, password_uid, {
                "cryptographic_parameters": sha256, "salt": b"NaCl-salt", "iteration_count": 1000})
            expected = hashlib.pbkdf2_hmac("sha256", password, b"NaCl-salt", 1000, 32)
            return hmac.compare_digest(key, expected), "PBKDF2-HMAC-SHA256 matches hashlib (%s)" % uid
        check("derive-key-pbkdf2", derive_pbkdf2)

        def derive_hmac():
            uid, key = derived(enums.DerivationMethod.HMAC, base_uid, {
                "cryptographic_parameters": sha256, "derivation_data": b"disk 7 of vm-42"})
            expected = hmac.new(base_key, b"disk 7 of vm-42", hashlib.sha256).digest()
            return hmac.compare_digest(key, expected), "HMAC-SHA256 matches hmac (%s)" % uid
        check("derive-key-hmac", derive_hmac)

        def derive_counter_mode():
            uid, key = derived(enums.DerivationMethod.NIST800_108_C, base_uid, {
                "cryptographic_parameters": sha256, "derivation_data": b"label\x00context"})
            kdf = kbkdf.KBKDFHMAC(algorithm=hashes.SHA256(), mode=kbkdf.Mode.CounterMode, length=32, rlen=4,
                                  llen=None, location=kbkdf.CounterLocation.BeforeFixed, label=None, context=None,
                                  fixed=b"label\x00context", backend=default_backend())
            return hmac.compare_digest(key, kdf.derive(base_key)), "SP 800-108 counter mode matches cryptography"
        check("derive-key-nist800-108-c", derive_counter_mode)

        def derive_refused_without_mask():
            try:
                c.derive_key(enums.ObjectType.SYMMETRIC_KEY, [aes_uid], enums.DerivationMethod.HMAC,
                             {"cryptographic_parameters": sha256, "derivation_data": b"x"},
                             cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=128)
                return False, "Derive Key from an Encrypt/Decrypt key succeeded"
            except Exception as e:  # KmipOperationFailure naming the usage mask
                return "Usage Mask" in str(e), str(e)
        check("derive-key-refused-without-mask", derive_refused_without_mask)

        hmac_key = bytes(range(100, 132))
        hmac_uid = c.register(objects.SymmetricKey(enums.CryptographicAlgorithm.HMAC_SHA256, 256, hmac_key,
                                                   masks=[M.MAC_GENERATE], name=name + "-hmac"))
        c.activate(hmac_uid)

        def mac():
            uid, mac_data = c.mac(message, uid=hmac_uid, algorithm=enums.CryptographicAlgorithm.HMAC_SHA256)
            expected = hmac.new(hmac_key, message, hashlib.sha256).digest()
            return uid == hmac_uid and hmac.compare_digest(mac_data, expected), "%d-byte HMAC-SHA256" % len(
                mac_data)
        check("mac", mac)

        def encrypt_refused_without_mask():
            try:
                c.encrypt(message, uid=hmac_uid, cryptographic_parameters=cbc)
                return False, "Encrypt with a MAC-only key succeeded"
            except Exception as e:  # KmipOperationFailure naming the usage mask
                return "Usage Mask" in str(e), str(e)
        check("encrypt-refused-without-mask", encrypt_refused_without_mask)

        for uid in (aes_uid, public_uid, private_uid, hmac_uid, password_uid, base_uid):
            c.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, uid)
            c.destroy(uid)
        for uid in state.get("derived", []):  # Pre-Active: destroyed without a revocation
            c.destroy(uid)
    finally:
        c.close()
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
