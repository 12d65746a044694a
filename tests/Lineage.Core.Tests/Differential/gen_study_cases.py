#!/usr/bin/env python3
"""Seeded generator of HPO study-key cases for the differential test (stdlib + PyYAML only).

    gen_study_cases.py --seed S --count N            JSON array of cases on stdout (ASCII)
    gen_study_cases.py --seed S --count N --show I   case I, readable

A case is {"data", "hpo", "train", "bench", "params": YAML text or null, "model": str, "study_hash": str|null}
(the input of hpo_keys_reference.py). Values are built as Python values and written with yaml.dump (random
style options), sometimes with hand-written YAML 1.1 lines appended (yes/no, 1_000, hex, sexagesimal, dates).
They aim at the corners of hpo-keys.md: non-ASCII and astral text, Greek sigma, U+0130, Python white space,
floats at repr and rounding boundaries, big ints, bool/int/float/None keys, mixed keys that cannot be sorted,
dates and sets where JSON fails, recursive structures, null vs missing, falsy values for `or`.
"""
import datetime
import json
import random
import sys

import yaml

WORDS = ["bert", "Adam", "lr", "F1", "macro-f1", "maximize", "minimize", "tpe", "random", "v1", "ner"]
NASTY = [
    "\u03a3\u0391\u03a3-base", "\u039f\u0394\u039f\u03a3.V2", "\u03a3", "A\u03a3B", "\u0391\u03a3'", "\u0391\u0301\u03a3",
    "\u0391\u03a3\u00ad", "\u03a3\u03a3", ".\u03a3", "x\u03a3 y", "\u0130stanbul", "\u0130", "STRASSE \u1e9e",
    "\u212a\u2126", "\u01c5\u01c4", "\u13a0\u13f5", "\u1c90\u1cbf", "\U00010400\U00010427", "\U0001d49c",
    "\U0001f600 grin", "\u00e9t\u00e9", "\u4e2d\u6587", "\uff21\uff22", "\u2160\u216b", "\u24b6", "\U0001e900",
    "tab\there", "new\nline", "quote'single", 'quote"double', "both'\"", "back\\slash", "del\x7f", "nul\x01",
    "\x1cfs\x1f", "\u0085nel", "\u3000ideo\u3000", "\u200bzw\u200b", "\ufeffbom", "\u180emvs", "\u00a0nbsp\u00a0",
    "\u2028ls", "\u2029ps", " lead", "trail ", "\t\n mixed \r\x0b\x0c", "", " ", "\ue000private", "\U000f0000pua",
    "\u0378unassigned", "\U0001fa7f", "\u00ad", "\u0300combining", "ABC", "MiXeD CaSe", "\u0345", "\u1f88\u1fbc",
]
SURROGATE_NAMES = ["\ud800lone", "x\udfff"]  # JSON-only (model names); YAML from yaml.dump would refuse these


def rstr(r):
    k = r.random()
    if k < 0.45:
        return r.choice(WORDS) + r.choice(["", "-" + r.choice(WORDS), str(r.randint(0, 99))])
    if k < 0.85:
        return r.choice(NASTY)
    return "".join(r.choice(NASTY + WORDS) for _ in range(r.randint(1, 3)))


def rfloat(r):
    k = r.randint(0, 22)
    if k == 0:
        return 0.1 + 0.2
    if k == 1:
        return r.choice([0.0, -0.0])
    if k == 2:
        return r.choice([float("inf"), float("-inf"), float("nan")])
    if k == 3:
        return r.choice([1e16, 1e-5, 1e-4, 9.999999999999999e15, 1.5e16, 123456789012345678.0, 0.0001, 0.00009999])
    if k == 4:
        return r.choice([5e-324, 2.2250738585072014e-308, 1.7976931348623157e308, 2.33000001e-05])
    if k == 5:
        # exact ties at the 13th significant digit: half to even
        return float(r.choice([12345678901225, 12345678901235, 10000000000005, 99999999999995, 2.5, 0.125]))
    if k == 6:
        return float(r.randint(-10**15, 10**15)) / 10 ** r.randint(0, 20)
    if k == 7:
        # 13-15 significant digits: the rounding in norm() decides
        digits = r.randint(13, 17)
        return float("%d.%se%d" % (r.randint(1, 9), "".join(r.choice("0123456789") for _ in range(digits - 1)), r.randint(-30, 30)))
    if k == 8:
        return r.uniform(-1, 1) * 10 ** r.randint(-10, 20)
    if k == 9:
        return float(r.randint(-5, 5))
    return r.choice([1e-3, 3e-5, 2e-5, 0.5, 0.1, 0.9, 0.99, 5e-5]) * r.choice([1, 1, -1, 10])


def rint(r):
    k = r.randint(0, 8)
    if k == 0:
        return r.choice([2 ** 63, -2 ** 63 - 1, 2 ** 64 + 1, 10 ** 40, -(10 ** 30)])
    if k == 1:
        return 0
    return r.randint(-1000, 100000)


def rdate(r):
    y, m, d = r.randint(1, 9999), r.randint(1, 12), r.randint(1, 28)
    k = r.randint(0, 3)
    if k == 0:
        return datetime.date(y, m, d)
    tz = None
    if k >= 2:
        tz = r.choice([datetime.timezone.utc, datetime.timezone(datetime.timedelta(hours=5, minutes=30)),
                       datetime.timezone(-datetime.timedelta(hours=3)), datetime.timezone(datetime.timedelta(hours=-11, minutes=-15))])
    return datetime.datetime(2000 + r.randint(0, 50), m, d, r.randint(0, 23), r.randint(0, 59), r.randint(0, 59),
                             r.choice([0, 0, 500000, 123456, 1]), tzinfo=tz)


def rscalar(r, weird=True):
    # dates, bytes and sets make JSON raise: rare, so that most cases get as far as a hash
    k = r.randint(0, 9) if not weird or r.random() < 0.9 else r.randint(10, 14)
    if k <= 3:
        return rstr(r)
    if k <= 5:
        return rfloat(r)
    if k <= 7:
        return rint(r)
    if k == 8:
        return r.choice([True, False])
    if k == 9:
        return None
    if k == 10:
        return rdate(r)
    if k == 11:
        return r.choice([b"", b"\x00\xff'", b"abc\"'", b"plain"])
    if k == 12:
        return r.choice([set(), {rstr(r)}, {1}])
    return r.choice(["", 0, 0.0, False, [], {}])


def rkey(r):
    k = r.random()
    if k < 0.8:
        return rstr(r)
    if k < 0.9:
        return r.choice([True, False, 0, 1, 2, -1, 0.5, 1.5, float("inf"), float("-inf")])
    if k < 0.95:
        return None
    return r.choice([datetime.date(2025, 1, 1), datetime.date(1999, 12, 31)])


def rdict(r, depth, mixed_keys=0.04):
    n = r.randint(0, 4)
    d = {}
    numeric = r.random() < 0.15
    for _ in range(n):
        if numeric:
            key = r.choice([True, False, 0, 1, 2, -1, 0.5, 1.5, float("inf"), float("-inf"), -1.5, 10 ** 20, float("nan"), -0.0, 1.0])
        elif r.random() < mixed_keys:
            key = rkey(r)
        else:
            key = rstr(r)
        d[key] = rvalue(r, depth + 1)
    return d


def rvalue(r, depth=0):
    if depth > 3 or r.random() < 0.55:
        return rscalar(r)
    if r.random() < 0.5:
        return [rvalue(r, depth + 1) for _ in range(r.randint(0, 3))]
    return rdict(r, depth)


def rare(r, bad, good, p=0.06):
    """Mostly good(); sometimes one of the values that make Python raise."""
    return r.choice(bad) if r.random() < p else good()


def maybe(r, d, key, gen, p=0.7):
    if r.random() < p:
        d[key] = gen()


def falsy(r):
    return r.choice([None, "", 0, 0.0, False, [], {}])


def data_config(r):
    d = {}
    maybe(r, d, "name", lambda: rstr(r) if r.random() < 0.8 else rscalar(r))
    maybe(r, d, "version", lambda: r.choice([rstr(r), rint(r), rfloat(r), None, "1.0"]))
    maybe(r, d, "schema", lambda: rvalue(r, 1) if r.random() < 0.5 else rdict(r, 1))
    maybe(r, d, "split_seed", lambda: r.choice([rint(r), None, rstr(r), rfloat(r), True]))
    maybe(r, d, "label_mapping", lambda: rdict(r, 1, mixed_keys=0.1) if r.random() < 0.8 else rvalue(r, 2))
    maybe(r, d, "local_path", lambda: rscalar(r) if r.random() < 0.7 else rvalue(r, 1), 0.4)
    maybe(r, d, "content_hash", lambda: r.choice([rstr(r), rint(r), falsy(r), rvalue(r, 2), "abc123"]), 0.3)
    maybe(r, d, "manifest_hash", lambda: r.choice([rstr(r), falsy(r), rscalar(r)]), 0.3)
    maybe(r, d, rstr(r), lambda: rvalue(r, 1), 0.3)
    return d


def hpo_config(r):
    d = {}
    if r.random() < 0.7:
        space = {}
        for _ in range(r.randint(0, 4)):
            space[rstr(r)] = r.choice([
                {"type": "loguniform", "low": rfloat(r), "high": rfloat(r)},
                {"type": "choice", "values": [rscalar(r, weird=False) for _ in range(r.randint(0, 3))]},
                {"type": "int", "low": rint(r), "high": rint(r)},
                rvalue(r, 2),
            ])
        d["search_space"] = space
    maybe(r, d, "objective", lambda: rare(r, [None, "macro-f1", [1]], lambda: r.choice([
        {"metric": rstr(r), "direction": r.choice(["maximize", "minimize", "MAXIMIZE"])},
        {"metric": None}, {}, {"direction": rscalar(r)}, rdict(r, 2)])))
    maybe(r, d, "k_fold", lambda: r.choice([{"enabled": True, "n_splits": r.randint(2, 10)}, rint(r), None, rvalue(r, 2)]))
    maybe(r, d, "sampling", lambda: rare(r, [None, "tpe"], lambda: r.choice([{"algorithm": r.choice(["tpe", "random", None, "TPE "])}, {}, {"seed": 1}])))
    maybe(r, d, "early_termination", lambda: r.choice([{"policy": "bandit", "slack_factor": rfloat(r)}, None, rvalue(r, 2)]))
    maybe(r, d, "evaluation", lambda: eval_config(r), 0.4)
    return d


def eval_config(r):
    if r.random() < 0.15:
        return rare(r, ["strict", [1, 2]], lambda: falsy(r))
    d = {}
    maybe(r, d, "evaluator_version", lambda: r.choice(["v2", None, rscalar(r), "default"]), 0.5)
    maybe(r, d, "metric", lambda: r.choice([{"name": "f1", "average": "macro"}, "f1", None, rdict(r, 2)]), 0.6)
    maybe(r, d, "thresholding", lambda: r.choice([{"threshold": rfloat(r)}, None, rvalue(r, 2)]), 0.5)
    maybe(r, d, rstr(r), lambda: rvalue(r, 1), 0.4)
    return d


def train_config(r):
    d = {}
    maybe(r, d, "max_steps", lambda: r.choice([rint(r), None, rfloat(r), rstr(r)]), 0.6)
    maybe(r, d, "num_epochs", lambda: r.choice([rint(r), None, rfloat(r)]), 0.6)
    maybe(r, d, "seed_policy", lambda: r.choice(["fixed", None, rstr(r), rint(r)]), 0.5)
    maybe(r, d, "eval", lambda: eval_config(r), 0.5)
    maybe(r, d, rstr(r), lambda: rvalue(r, 1), 0.3)
    return d


def bench_config(r):
    return rare(r, [{"benchmarking": None}, [1], "x"], lambda: r.choice([
        None, {}, {"benchmarking": {"metric": rstr(r), "max_length": rint(r)}}, {"benchmarking": {}},
        {"other": 1}, {"benchmarking": {"max_length": None}}]))


def params(r):
    d = {}
    for _ in range(r.randint(0, 6)):
        d[rstr(r) if r.random() < 0.85 else rkey(r)] = r.choice([rfloat, rfloat, rint, rstr, rstr, rvalue, rscalar])(r)
    return d


YAML11 = [
    "yes", "No", "ON", "off", "~", "null", "1_000", "0x1F", "0o17", "017", "0b101", "1:30", "190:20:30",
    "2025-12-11", "2025-12-11 10:00:00", "2025-12-11T10:00:00.5Z", "2025-12-11t10:00:00+05:30", ".inf", "-.Inf",
    ".nan", "1e3", "1.0e+3", "6.8523015e+5", "685.230_15e+03", "'quoted'", '"\\u03a3\\U0001F600\\x7f"',
    "[1, 2, [3]]", "{a: 1, 1: a}", "{b: 1, 2: 3}", "!!set {a}", "!!binary aGVsbG8=", "!!omap [a: 1, b: 2]",
    "&r [*r]", "&m {self: *m}", "0x" + "F" * 3600, "-0x" + "1" * 3580, "+12", "-0", "0.0", "-0.0",
    "!!float '1'", "!!str 1.5", "{}", "[]", "''", "1.1.1",
]


def to_yaml(r, value):
    if value is None and r.random() < 0.5:
        return r.choice(["", "# only a comment\n", "~\n", "null\n"])
    try:
        allow_unicode = r.random() < 0.4
        text = yaml.dump(value, sort_keys=False, default_flow_style=r.choice([False, False, None, True]),
                         allow_unicode=allow_unicode)
        if allow_unicode and ("\u2028" in text or "\u2029" in text):
            # raw line separators: valid for PyYAML, refused by Lineage's YAML 1.2 parser (LIN0007, see
            # docs/compatibility.md); the escaped spelling tests the same key code
            text = yaml.dump(value, sort_keys=False, default_flow_style=False)
    except Exception:  # noqa: BLE001 - e.g. an int too long for yaml.dump: write the mapping without it
        text = "{}\n"
    if isinstance(value, dict) and value and not text.startswith("{") and r.random() < 0.35:
        for _ in range(r.randint(1, 3)):
            key = r.choice(["name", "version", "split_seed", "max_steps", "seed_policy", "num_epochs", "lr",
                            "content_hash", "local_path", "schema", "objective", "sampling", "eval", "extra"])
            text += "%s: %s\n" % (key, r.choice(YAML11))
    return text


def to_json(r, value):
    """json.dumps of the hyperparameters when JSON can hold them (3e-05 stays a float), else YAML."""
    try:
        text = json.dumps(value, ensure_ascii=r.random() < 0.5, indent=r.choice([None, 2]))
    except (TypeError, ValueError):
        return to_yaml(r, value)
    if r.random() < 0.1:
        text = r.choice([text + "\n", " " + text, text + " x", text.replace(":", ": ", 1), "\ufeff" + text])
    return text


def recursive(r):
    a = []
    a.append(a)
    b = {}
    b["self"] = b
    return r.choice([a, b, {"x": a}])


def case(r):
    data, hpo, train, bench, hp = data_config(r), hpo_config(r), train_config(r), bench_config(r), params(r)
    k = r.random()
    if k < 0.03:
        data = r.choice([None, {}, [1], "text"])
    elif k < 0.06:
        hpo = r.choice([None, {}, [1]])
    elif k < 0.09:
        train = r.choice([None, {}, 5])
    elif k < 0.11:
        hp = r.choice([None, [1], {}])
    elif k < 0.13:
        r.choice([data, hpo, train]).__setitem__(r.choice(["schema", "search_space", "eval", "k_fold"]), recursive(r))
    elif k < 0.14:
        hp[rstr(r)] = recursive(r)
    model = rstr(r) if r.random() < 0.95 else r.choice(SURROGATE_NAMES)
    if r.random() < 0.5:
        model = r.choice(["", " ", "\t", "\u3000", "\u0085", "\u200b", "\x1c"]) + model + r.choice(["", " ", "\n", "\u2029", "\ufeff"])
    study_hash = r.choice([None, None, None, "%064x" % r.getrandbits(256), "712fbee8", "A" * 64])
    return {
        "data": to_yaml(r, data) if data is not None or r.random() < 0.8 else None,
        "hpo": to_yaml(r, hpo),
        "train": to_yaml(r, train),
        "bench": None if bench is None else to_yaml(r, bench),
        "params": to_json(r, hp) if r.random() < 0.3 else to_yaml(r, hp),
        "model": model,
        "study_hash": study_hash,
    }


def main(argv):
    seed = int(argv[argv.index("--seed") + 1])
    count = int(argv[argv.index("--count") + 1])
    cases = []
    for i in range(count):
        r = random.Random("%d/%d" % (seed, i))  # each case reproducible alone
        cases.append(case(r))
    if "--show" in argv:
        c = cases[int(argv[argv.index("--show") + 1])]
        for k, v in c.items():
            print("--- %s ---" % k)
            print(v if isinstance(v, str) else json.dumps(v))
        return 0
    sys.stdout.write(json.dumps(cases, ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
