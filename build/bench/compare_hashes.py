#!/usr/bin/env python3
"""Check that two `circuits hash --json` outputs agree on every circuit's config hash.

    python3 build/bench/compare_hashes.py python.json lineage.json [--circuits circuits.yaml]

Both files hold the circuits in file order, as a JSON list (or an object with a list under "circuits",
"results" or "items"). Each entry is an object with a 12-hex-digit hash ("config_hash", "hash" or
"configHash") and the circuit's ids ("plant_id"/"plantId" and "circuit_id"/"circuitId", or a "name" /
"id" like PLANT001_CIRCUIT01). The lists must have the same length, and entry i of one must be entry i of
the other with the same hash. On a mismatch the first differing circuit is printed (with the Python
canonical YAML when --circuits is given, and the other side's canonical text if its JSON carries one) and
the exit code is 1.
"""

import json
import sys

HASH_KEYS = ("config_hash", "hash", "configHash", "ConfigHash", "Hash")
PLANT_KEYS = ("plant_id", "plantId", "PlantId")
CIRCUIT_KEYS = ("circuit_id", "circuitId", "CircuitId")
NAME_KEYS = ("name", "id", "circuit", "Name", "Id")
CANONICAL_KEYS = ("canonical", "canonical_yaml", "canonicalYaml", "CanonicalYaml", "yaml")


def first(entry, keys):
    for k in keys:
        if k in entry and entry[k] is not None:
            return entry[k]
    return None


def entries(doc, label):
    if isinstance(doc, dict):
        for k in ("circuits", "results", "items", "Circuits"):
            if isinstance(doc.get(k), list):
                doc = doc[k]
                break
    if not isinstance(doc, list):
        sys.exit(f"compare: {label}: expected a JSON list of circuits (or an object holding one)")
    out = []
    for i, e in enumerate(doc):
        if not isinstance(e, dict):
            sys.exit(f"compare: {label}: entry {i} is not an object")
        h = first(e, HASH_KEYS)
        if not isinstance(h, str):
            sys.exit(f"compare: {label}: entry {i} has no hash field (one of {', '.join(HASH_KEYS)}): {e}")
        plant, circuit = first(e, PLANT_KEYS), first(e, CIRCUIT_KEYS)
        name = f"{plant}_{circuit}" if plant is not None or circuit is not None else first(e, NAME_KEYS)
        out.append((str(name) if name is not None else f"#{i}", h, first(e, CANONICAL_KEYS)))
    return out


def python_canonical(path, index):
    import yaml

    with open(path, "r") as f:
        circuit = yaml.safe_load(f)["circuits"][index]
    copy = circuit.copy()
    copy.pop("metadata", None)
    return yaml.dump(copy, sort_keys=True, default_flow_style=False)


def main(argv):
    circuits_file = None
    if "--circuits" in argv:
        i = argv.index("--circuits")
        circuits_file = argv[i + 1]
        argv = argv[:i] + argv[i + 2:]
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    with open(argv[0], encoding="utf-8") as f:
        expected = entries(json.load(f), argv[0])
    with open(argv[1], encoding="utf-8") as f:
        actual = entries(json.load(f), argv[1])

    if len(expected) != len(actual):
        print(f"MISMATCH: {argv[0]} has {len(expected)} circuits, {argv[1]} has {len(actual)}", file=sys.stderr)
    bad = [i for i in range(min(len(expected), len(actual)))
           if expected[i][1] != actual[i][1] or (not actual[i][0].startswith("#") and expected[i][0] != actual[i][0])]
    if not bad and len(expected) == len(actual):
        print(f"hashes identical for all {len(expected)} circuits")
        return 0

    print(f"MISMATCH: {len(bad)} of {min(len(expected), len(actual))} circuits differ", file=sys.stderr)
    if bad:
        i = bad[0]
        print(f"first difference at circuit #{i}: python {expected[i][0]} {expected[i][1]}, "
              f"other {actual[i][0]} {actual[i][1]}", file=sys.stderr)
        if circuits_file:
            print("--- python canonical YAML (yaml.dump, sort_keys=True):", file=sys.stderr)
            print(python_canonical(circuits_file, i), file=sys.stderr, end="")
        if actual[i][2]:
            print("--- other canonical YAML:", file=sys.stderr)
            print(actual[i][2], file=sys.stderr, end="")
    return 1


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
