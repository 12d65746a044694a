#!/usr/bin/env python3
"""Reference config hash, exactly as the Python pipelines compute it.

    cfg = yaml.safe_load(text); cfg = cfg.copy(); cfg.pop('metadata', None)
    s = yaml.dump(cfg, sort_keys=True, default_flow_style=False)
    hashlib.md5(s.encode('utf-8')).hexdigest()[:12]

Modes (Python 3.11 stdlib + PyYAML only):
  default   read ONE JSON array of texts from stdin, write ONE JSON array of results to stdout.
  --serve   read one JSON array per stdin line, answer each with one JSON array line (used by the
            shrinker, so candidate inputs are evaluated in batches without a process per batch).
  --check   print the PyYAML version and exit 0 (used to check that `import yaml` works).

Each result is {"ok": true, "canonical": s, "hash": h} or {"ok": false, "error": "Type: message"}.
All JSON is written with ensure_ascii=True, so lone surrogates (from \\u escapes or raw input) survive
the trip as \\udXXX escapes, and stdin/stdout encodings never matter.
"""
import hashlib
import json
import sys

import yaml


def reference(text):
    try:
        cfg = yaml.safe_load(text)
        cfg = cfg.copy()  # AttributeError for None/str/int/...; list.copy() works
        cfg.pop('metadata', None)  # TypeError for a list (pop takes one argument)
        s = yaml.dump(cfg, sort_keys=True, default_flow_style=False)
        h = hashlib.md5(s.encode('utf-8')).hexdigest()[:12]
        return {"ok": True, "canonical": s, "hash": h}
    except BaseException as e:  # noqa: BLE001 - every failure is a result (RecursionError, KeyError, ...)
        if isinstance(e, (KeyboardInterrupt, SystemExit)):
            raise
        try:
            msg = str(e)
        except BaseException:  # noqa: BLE001
            msg = '<unprintable>'
        return {"ok": False, "error": "%s: %s" % (type(e).__name__, msg)}


def _dump(obj):
    # ensure_ascii escapes every non-ASCII code unit; lone surrogates become \udXXX and round-trip.
    return json.dumps(obj, ensure_ascii=True)


def main(argv):
    sys.setrecursionlimit(1000)  # CPython's default, stated so the reference is explicit about it
    if '--check' in argv:
        print(yaml.__version__)
        return 0
    if '--serve' in argv:
        for line in sys.stdin.buffer:
            line = line.strip()
            if not line:
                continue
            texts = json.loads(line.decode('ascii'))
            sys.stdout.write(_dump([reference(t) for t in texts]) + '\n')
            sys.stdout.flush()
        return 0
    data = sys.stdin.buffer.read().decode('ascii')
    texts = json.loads(data)
    sys.stdout.write(_dump([reference(t) for t in texts]))
    sys.stdout.write('\n')
    sys.stdout.flush()
    return 0


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
