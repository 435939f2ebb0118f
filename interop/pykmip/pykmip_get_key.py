#!/usr/bin/python3
"""Gets one key with the PyKMIP client (Debian python3-pykmip) and reports the outcome as one JSON line.

  /usr/bin/python3 pykmip_get_key.py --host 127.0.0.1 --port 5696 --ca ca.pem --cert client.pem --key client.key \
      --uid UID [--version 1.2]
Prints {"uid": ..., "ok": true, "length": N} or {"uid": ..., "ok": false, "error": "..."}; exits 0 when the key came
back, 3 when the server refused (the error names its result reason), 1 on anything else. Never prints key material.
"""
import argparse
import json
import sys
import warnings

warnings.filterwarnings("ignore")

from kmip import enums  # noqa: E402
from kmip.pie import client as pie_client  # noqa: E402
from kmip.pie import exceptions as pie_exceptions  # noqa: E402

VERSIONS = {"1.2": enums.KMIPVersion.KMIP_1_2, "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5696)
    p.add_argument("--ca", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--uid", required=True)
    p.add_argument("--version", default="1.2", choices=sorted(VERSIONS))
    a = p.parse_args()
    c = pie_client.ProxyKmipClient(hostname=a.host, port=a.port, cert=a.cert, key=a.key, ca=a.ca,
                                   config_file="/dev/null", kmip_version=VERSIONS[a.version])
    try:
        c.open()
        try:
            key = c.get(a.uid)
        finally:
            c.close()
    except pie_exceptions.KmipOperationFailure as e:
        print(json.dumps({"uid": a.uid, "ok": False, "error": "%s: %s" % (e.reason, e.message)}), flush=True)
        return 3
    except Exception as e:  # connection or TLS failure: say what it was
        print(json.dumps({"uid": a.uid, "ok": False, "error": "%s: %s" % (type(e).__name__, e)}), flush=True)
        return 1
    print(json.dumps({"uid": a.uid, "ok": True, "length": len(key.value)}), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
