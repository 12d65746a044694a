"""The seed's generate_circuit_configs.py algorithm, as the oracle of the differential tests.

usage: reference_circuits.py circuits CATALOG OUT_DIR GENERATED_AT   -> writes one file per circuit, prints JSON
       reference_circuits.py hash FILE...                            -> prints JSON [{file, hash}]

Only the standard library and PyYAML, exactly as the seed uses them: yaml.safe_load, then
md5(yaml.dump(cfg_without_metadata, sort_keys=True, default_flow_style=False))[:12], and
yaml.dump(circuit_with_metadata, default_flow_style=False, sort_keys=False) for each file.
"""
import hashlib
import json
import os
import sys

import yaml


def generate_config_hash(config_dict):
    config_copy = config_dict.copy()
    config_copy.pop('metadata', None)
    yaml_str = yaml.dump(config_copy, sort_keys=True, default_flow_style=False)
    return hashlib.md5(yaml_str.encode('utf-8')).hexdigest()[:12]


def circuits(catalog, out_dir, generated_at):
    with open(catalog, 'r', encoding='utf-8') as f:
        master = yaml.safe_load(f)
    os.makedirs(out_dir, exist_ok=True)
    results = []
    for circuit in master['circuits']:
        plant_id = circuit['plant_id']
        circuit_id = circuit['circuit_id']
        config_hash = generate_config_hash(circuit)
        # The circuit's own metadata is replaced, and the new one goes last.
        circuit_with_metadata = circuit.copy()
        circuit_with_metadata.pop('metadata', None)
        circuit_with_metadata['metadata'] = {
            'config_hash': config_hash,
            'generated_at': generated_at,
            'description': 'Deterministic hash of circuit configuration for model tracking',
        }
        file_name = f"{plant_id}_{circuit_id}.yaml"
        with open(os.path.join(out_dir, file_name), 'w', encoding='utf-8', newline='\n') as f:
            yaml.dump(circuit_with_metadata, f, default_flow_style=False, sort_keys=False)
        results.append({
            'plant_id': str(plant_id),
            'circuit_id': str(circuit_id),
            'config_hash': config_hash,
            'file_name': file_name,
        })
    print(json.dumps(results))


def hashes(files):
    results = []
    for path in files:
        with open(path, 'r', encoding='utf-8') as f:
            config = yaml.safe_load(f)
        results.append({'file': path, 'hash': generate_config_hash(config)})
    print(json.dumps(results))


if __name__ == '__main__':
    if sys.argv[1] == 'circuits':
        circuits(sys.argv[2], sys.argv[3], sys.argv[4])
    elif sys.argv[1] == 'hash':
        hashes(sys.argv[2:])
    else:
        sys.exit('unknown mode ' + sys.argv[1])
