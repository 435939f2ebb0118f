#!/usr/bin/python3
"""Runs one of PyKMIP's own demo scripts (kmip.demos.pie.*, shipped with Debian's python3-pykmip) unmodified, at a
chosen KMIP version, against a server; exits 1 if the demo logged an error.

  /usr/bin/python3 pykmip_demo.py --host 127.0.0.1 --port 5696 --ca ca.pem --cert client.pem --key client.key \
      --version 2.0 get_attributes -i UID

Three shims, none of which changes what a demo sends:
- the demos take their connection from a PyKMIP configuration file: one is written to a temporary file;
- the demos have no version option (ProxyKmipClient defaults to KMIP 1.2): the client's default version is set;
- PyKMIP 0.10's register_* demos call utils.build_cli_parser() without the operation it requires (a TypeError in
  the shipped demo): a call without it gets Operation.REGISTER, the options those demos read.
The demos catch every exception and log it at ERROR; that is what this wrapper turns into a failing exit code.
The demo's log lines (ids, attribute names and values; never key material) go to stderr, as the demo writes them.
"""
import argparse
import functools
import logging
import os
import runpy
import sys
import tempfile
import warnings

warnings.filterwarnings("ignore")

from kmip import enums  # noqa: E402
from kmip.demos import utils  # noqa: E402
from kmip.pie import client as pie_client  # noqa: E402

VERSIONS = {"1.2": enums.KMIPVersion.KMIP_1_2, "1.4": enums.KMIPVersion.KMIP_1_4, "2.0": enums.KMIPVersion.KMIP_2_0}
CONFIG = """[client]
host={host}
port={port}
certfile={cert}
keyfile={key}
ca_certs={ca}
cert_reqs=CERT_REQUIRED
ssl_version=PROTOCOL_SSLv23
do_handshake=True
suppress_ragged_eofs=True
"""


class ErrorCounter(logging.Handler):
    def __init__(self):
        super().__init__(logging.ERROR)
        self.errors = 0

    def emit(self, record):
        self.errors += 1


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5696)
    p.add_argument("--ca", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
    p.add_argument("--version", default="1.2", choices=sorted(VERSIONS))
    p.add_argument("demo", help="a module of kmip.demos.pie, e.g. get_attributes")
    p.add_argument("args", nargs=argparse.REMAINDER, help="the demo's own options")
    a = p.parse_args()

    with tempfile.NamedTemporaryFile("w", suffix=".conf", delete=False) as conf:
        conf.write(CONFIG.format(host=a.host, port=a.port, cert=a.cert, key=a.key, ca=a.ca))
    try:
        original_init = pie_client.ProxyKmipClient.__init__
        pie_client.ProxyKmipClient.__init__ = functools.partialmethod(original_init,
                                                                      kmip_version=VERSIONS[a.version])
        original_parser = utils.build_cli_parser
        utils.build_cli_parser = lambda operation=enums.Operation.REGISTER: original_parser(operation)
        counter = ErrorCounter()
        logging.getLogger().addHandler(counter)
        sys.argv = [a.demo, "-s", conf.name, "-c", "client"] + a.args
        try:
            runpy.run_module("kmip.demos.pie." + a.demo, run_name="__main__")
        except SystemExit as e:
            if e.code not in (None, 0):
                return 1
        return 1 if counter.errors else 0
    finally:
        os.unlink(conf.name)


if __name__ == "__main__":
    sys.exit(main())
