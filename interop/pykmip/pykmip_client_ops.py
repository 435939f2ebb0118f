#!/usr/bin/python3
"""Drives a KMIP server with the PyKMIP client (Debian python3-pykmip) and checks every result.

Used by the Java interop tests and runnable by hand:
  /usr/bin/python3 pykmip_client_ops.py --host 127.0.0.1 --port 5696 --ca ca.pem --cert client.pem \
      --key client.key --version 1.2
Prints one JSON line per step: {"step": ..., "ok": true|false, "detail": ...}; exits 0 only if every step passed.
Key material is never printed: steps compare it and report only lengths.
"""
import argparse
import sys
import warnings

warnings.filterwarnings("ignore")

from kmip import enums  # noqa: E402
from kmip_steps import add_connection_arguments, check, failures  # noqa: E402
from kmip.core import objects as core_objects  # noqa: E402
from kmip.core.factories import attributes as attribute_factories  # noqa: E402
from kmip.pie import client as pie_client  # noqa: E402
from kmip.pie import objects  # noqa: E402

VERSIONS = {
    "1.0": enums.KMIPVersion.KMIP_1_0, "1.1": enums.KMIPVersion.KMIP_1_1, "1.2": enums.KMIPVersion.KMIP_1_2,
    "1.3": enums.KMIPVersion.KMIP_1_3, "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0,
}

def main():
    p = argparse.ArgumentParser()
    add_connection_arguments(p)
    p.add_argument("--version", default="1.2", choices=sorted(VERSIONS))
    p.add_argument("--name-prefix", default="pykmip-interop")
    a = p.parse_args()
    version = VERSIONS[a.version]
    name = "%s-%s" % (a.name_prefix, a.version)

    c = pie_client.ProxyKmipClient(hostname=a.host, port=a.port, cert=a.cert, key=a.key, ca=a.ca,
                                   config_file="/dev/null", kmip_version=version)
    c.open()
    try:
        state = {}

        def create():
            uid = c.create(enums.CryptographicAlgorithm.AES, 256, name=name + "-created")
            state["created"] = uid
            return bool(uid), uid
        check("create", create)

        secret = bytes(range(32))

        def register():
            key = objects.SymmetricKey(enums.CryptographicAlgorithm.AES, 256, secret, name=name + "-registered")
            uid = c.register(key)
            state["registered"] = uid
            return bool(uid), uid
        check("register", register)

        def get_registered():
            key = c.get(state["registered"])
            ok = key.value == secret and key.cryptographic_length == 256 \
                and key.cryptographic_algorithm == enums.CryptographicAlgorithm.AES
            return ok, "value length %d" % len(key.value)
        check("get", get_registered)

        def get_created():
            key = c.get(state["created"])
            return len(key.value) == 32, "value length %d" % len(key.value)
        check("get-created", get_created)

        def locate():
            found = c.locate(attributes=[attribute_factories.AttributeFactory().create_attribute(
                enums.AttributeType.NAME, name + "-registered")])
            return found == [state["registered"]], found
        check("locate-by-name", locate)

        def get_attributes():
            uid, attrs = c.get_attributes(state["registered"], ["Cryptographic Algorithm", "Cryptographic Length",
                                                                "State"])
            values = {x.attribute_name.value: x.attribute_value.value for x in attrs}
            ok = uid == state["registered"] and values.get("Cryptographic Length") == 256 \
                and values.get("Cryptographic Algorithm") == enums.CryptographicAlgorithm.AES \
                and values.get("State") == enums.State.PRE_ACTIVE
            return ok, {k: str(v) for k, v in values.items()}
        check("get-attributes", get_attributes)

        def get_attribute_list():
            names = c.get_attribute_list(state["registered"])
            ok = {"Cryptographic Algorithm", "Cryptographic Length", "State", "Unique Identifier"} <= set(names)
            return ok, sorted(names)
        check("get-attribute-list", get_attribute_list)

        def activate():
            c.activate(state["registered"])
            _, attrs = c.get_attributes(state["registered"], ["State"])
            st = attrs[0].attribute_value.value
            return st == enums.State.ACTIVE, st
        check("activate", activate)

        def revoke():
            c.revoke(enums.RevocationReasonCode.CESSATION_OF_OPERATION, state["registered"])
            _, attrs = c.get_attributes(state["registered"], ["State"])
            st = attrs[0].attribute_value.value
            return st == enums.State.DEACTIVATED, st
        check("revoke", revoke)

        def destroy():
            c.destroy(state["registered"])
            c.destroy(state["created"])
            try:
                c.get(state["registered"])
                return False, "Get after Destroy returned material"
            except Exception as e:  # the server must refuse: the material is gone
                return True, type(e).__name__
        check("destroy", destroy)

        if version != enums.KMIPVersion.KMIP_1_0:
            def discover():
                r = c.proxy.discover_versions()
                versions = ["%d.%d" % (v.major, v.minor) for v in r.protocol_versions]
                return r.result_status.value == enums.ResultStatus.SUCCESS and a.version in versions, versions
            check("discover-versions", discover)

        def query():
            r = c.proxy.query(query_functions=[enums.QueryFunction.QUERY_OPERATIONS,
                                               enums.QueryFunction.QUERY_OBJECTS])
            ops = set()
            for o in r.operations or []:  # PyKMIP hands back enum members or raw ints, depending on the version
                ops.add(o if isinstance(o, enums.Operation) else enums.Operation(getattr(o, "value", o)))
            ok = r.result_status.value == enums.ResultStatus.SUCCESS and enums.Operation.GET in ops \
                and enums.Operation.CREATE in ops
            return ok, sorted(o.name for o in ops)
        check("query", query)
    finally:
        c.close()
    return 1 if failures() else 0


if __name__ == "__main__":
    sys.exit(main())
