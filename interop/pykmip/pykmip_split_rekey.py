#!/usr/bin/python3
"""Drives a KMIP server's Split Key objects and Re-key Key Pair with the PyKMIP client (Debian python3-pykmip 0.10).

PyKMIP 0.10 has no Create Split Key or Join Split Key in its client, but it models Split Key objects (Register, Get)
and sends Re-key Key Pair through its lower-level KMIPProxy (ProxyKmipClient.proxy.rekey_key_pair). Steps:
  get-split-parts      Get each part the server split (--parts, made by the Java test with Polynomial Sharing GF(2^8)),
                       check their Split Key fields, and join them here with this script's own GF(2^8) Lagrange
                       interpolation (Shamir 1979; the AES field x^8 + x^4 + x^3 + x + 1, FIPS 197 §4.2): the result
                       must be the original key (--original), read with Get.
  register-split-parts Register three XOR parts of a key made here, and the key itself, named --name-prefix-part-N
                       and --name-prefix-original; the Java test joins the parts and compares.
  rekey-key-pair       Create an RSA-2048 pair, re-key it, and Get the new public key: a new pair, a different key.

Used by PyKmipSplitKeyInteropIT. Prints one JSON line per step: {"step": ..., "ok": true|false, "detail": ...}; exits 0
only if every step passed. Key material is never printed.
"""
import argparse
import os
import sys
import warnings

warnings.filterwarnings("ignore")

from kmip import enums  # noqa: E402
from kmip.core import attributes as core_attributes  # noqa: E402
from kmip.pie import client as pie_client  # noqa: E402
from kmip.pie import objects  # noqa: E402
from kmip_steps import add_connection_arguments, check, failures  # noqa: E402

VERSIONS = {"1.2": enums.KMIPVersion.KMIP_1_2, "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0}


def gf_mul(a, b):
    product = 0
    for _ in range(8):
        if b & 1:
            product ^= a
        a = ((a << 1) ^ (0x11B if a & 0x80 else 0)) & 0xFF
        b >>= 1
    return product


def gf_inverse(a):
    return next(x for x in range(1, 256) if gf_mul(a, x) == 1)


def lagrange_join(points):
    """points: {x: bytes}; the polynomials' values at 0."""
    xs = list(points)
    out = bytearray(len(points[xs[0]]))
    for i in xs:
        weight = 1
        for j in xs:
            if j != i:
                weight = gf_mul(weight, gf_mul(j, gf_inverse(j ^ i)))
        for b, y in enumerate(points[i]):
            out[b] ^= gf_mul(weight, y)
    return bytes(out)


def main():
    p = argparse.ArgumentParser()
    add_connection_arguments(p)
    p.add_argument("--version", default="1.4", choices=sorted(VERSIONS))
    p.add_argument("--name-prefix", default="pykmip-split")
    p.add_argument("--parts", default="", help="comma-separated UIDs of a server-made 3-of-5 GF(2^8) split")
    p.add_argument("--original", default="", help="UID of the key the parts were split from")
    a = p.parse_args()

    c = pie_client.ProxyKmipClient(hostname=a.host, port=a.port, cert=a.cert, key=a.key, ca=a.ca,
                                   config_file="/dev/null", kmip_version=VERSIONS[a.version])
    c.open()
    try:
        def get_split_parts():
            parts = [c.get(uid) for uid in a.parts.split(",")]
            fields = [(k.split_key_parts, k.key_part_identifier, k.split_key_threshold, k.split_key_method)
                      for k in parts]
            expected = [(5, i, 3, enums.SplitKeyMethod.POLYNOMIAL_SHARING_GF_2_8) for i in range(1, 6)]
            original = c.get(a.original).value
            joined = lagrange_join({k.key_part_identifier: k.value for k in parts[1:4]})
            return fields == expected and joined == original, "fields %s, joined from parts 2-4: %s" % (
                "ok" if fields == expected else fields, "the original key" if joined == original else "another key")
        check("get-split-parts", get_split_parts)

        def register_split_parts():
            key = os.urandom(32)
            shares = [os.urandom(32), os.urandom(32)]
            shares.append(bytes(k ^ s1 ^ s2 for k, s1, s2 in zip(key, shares[0], shares[1])))
            c.register(objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, key,
                                            name=a.name_prefix + "-original"))
            uids = []
            for i, share in enumerate(shares, start=1):
                uids.append(c.register(objects.SplitKey(
                    cryptographic_algorithm=enums.CryptographicAlgorithm.AES, cryptographic_length=256,
                    key_value=share, name="%s-part-%d" % (a.name_prefix, i), split_key_parts=3,
                    key_part_identifier=i, split_key_threshold=3, split_key_method=enums.SplitKeyMethod.XOR)))
            back = c.get(uids[1])
            ok = back.key_part_identifier == 2 and back.value == shares[1] and back.split_key_parts == 3
            return ok, "registered 3 parts; part 2 read back %s" % ("intact" if ok else "changed")
        check("register-split-parts", register_split_parts)

        def rekey_key_pair():
            public, private = c.create_key_pair(enums.CryptographicAlgorithm.RSA, 2048)
            r = c.proxy.rekey_key_pair(private_key_uuid=core_attributes.PrivateKeyUniqueIdentifier(private))
            if r.result_status.value != enums.ResultStatus.SUCCESS:
                return False, "%s: %s" % (r.result_reason, r.result_message)
            new_private = getattr(r.private_key_uuid, "value", r.private_key_uuid)
            new_public = getattr(r.public_key_uuid, "value", r.public_key_uuid)
            old_key, new_key = c.get(public).value, c.get(new_public).value
            ok = new_private not in (private, public) and new_public not in (private, public) and old_key != new_key
            return ok, "new pair %s / %s, public key %s" % (
                new_private, new_public, "renewed" if old_key != new_key else "unchanged")
        check("rekey-key-pair", rekey_key_pair)
    finally:
        c.close()
    sys.exit(1 if failures() else 0)


if __name__ == "__main__":
    main()
