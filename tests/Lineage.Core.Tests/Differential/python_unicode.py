#!/usr/bin/env python3
"""Python's str.lower(), str.isspace() and str.isprintable() over every code point, and lower() of random
strings around capital sigma, as JSON on stdout (ASCII), for PyUnicodeDifferentialTests.

    python_unicode.py --seed S --count N
"""
import json
import random
import sys
import unicodedata

POOL = ["\u03a3", "\u03a3", "\u03c3", "A", "a", "\u0391", "\u00ad", "\u0301", "'", ".", " ", "-", "1", "\u0345",
        "\U00010400", "\U0001d400", "\u02b0", "\u1d2c", "\u2160", "\u24b6", "\u00aa", "\u0130", "\u200b", "\u3000",
        "\U000e0001", "\u0387", "\uff21", "\u01c5", "\U0001f600", "\u05d0"]


def main(argv):
    seed = int(argv[argv.index("--seed") + 1])
    count = int(argv[argv.index("--count") + 1])
    r = random.Random(seed)
    lower = [[c, chr(c).lower()] for c in range(0x110000) if chr(c).lower() != chr(c)]
    space = [c for c in range(0x110000) if chr(c).isspace()]
    printable = [c for c in range(0x110000) if chr(c).isprintable()]
    strings = ["".join(r.choice(POOL) for _ in range(r.randint(1, 6))) for _ in range(count)]
    out = {
        "unicode": unicodedata.unidata_version,
        "lower": lower,
        "space": space,
        "printable": printable,
        "sigma": [[s, s.lower(), (" \t" + s + "\u3000").strip()] for s in strings],
    }
    sys.stdout.write(json.dumps(out, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
