"""What the PyKMIP driver scripts share: one JSON line per step, {"step": ..., "ok": ..., "detail": ...}, and the
connection options. A step's exception is a failed step, named, and the script goes on with the next one."""
import json

_failures = [0]


def report(step, ok, detail=""):
    if not ok:
        _failures[0] += 1
    print(json.dumps({"step": step, "ok": bool(ok), "detail": str(detail)}), flush=True)


def check(step, fn):
    """Runs fn; fn returns (ok, detail). An exception is a failed step, named."""
    try:
        ok, detail = fn()
    except Exception as e:  # the step failed; say how, and go on with the next one
        ok, detail = False, "%s: %s" % (type(e).__name__, e)
    report(step, ok, detail)
    return ok


def failures():
    return _failures[0]


def add_connection_arguments(p):
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=5696)
    p.add_argument("--ca", required=True)
    p.add_argument("--cert", required=True)
    p.add_argument("--key", required=True)
