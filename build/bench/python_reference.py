#!/usr/bin/env python3
"""The Python reference of the config hash (seed 000), applied to every circuit of a master circuits.yaml.

Exactly the seed's algorithm: yaml.safe_load the file, then for each entry of `circuits`:
dict copy, pop 'metadata', yaml.dump(sort_keys=True, default_flow_style=False), md5, first 12 hex digits.

    python3 build/bench/python_reference.py circuits.yaml          # "<hash>  <plant_id>_<circuit_id>" lines
    python3 build/bench/python_reference.py circuits.yaml --json   # [{"plant_id", "circuit_id", "config_hash"}, ...]
"""

import hashlib
import json
import sys

import yaml


def generate_config_hash(config_dict: dict) -> str:
    """Generate deterministic hash from circuit config (verbatim from the seed)."""
    # Remove metadata to avoid circular dependency
    config_copy = config_dict.copy()
    config_copy.pop('metadata', None)

    # Convert to sorted YAML for deterministic output
    yaml_str = yaml.dump(config_copy, sort_keys=True, default_flow_style=False)

    # Generate MD5 hash and truncate to 12 characters
    hash_md5 = hashlib.md5(yaml_str.encode('utf-8'))
    return hash_md5.hexdigest()[:12]


def main(argv):
    args = [a for a in argv if a != "--json"]
    as_json = "--json" in argv
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2

    with open(args[0], 'r') as f:
        master = yaml.safe_load(f)

    results = []
    for circuit in master['circuits']:
        results.append({
            "plant_id": circuit.get('plant_id'),
            "circuit_id": circuit.get('circuit_id'),
            "config_hash": generate_config_hash(circuit),
        })

    if as_json:
        json.dump(results, sys.stdout, indent=1)
        sys.stdout.write("\n")
    else:
        out = sys.stdout
        for r in results:
            out.write(f"{r['config_hash']}  {r['plant_id']}_{r['circuit_id']}\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
