#!/usr/bin/env python3
"""Reference HPO study/trial keys and fingerprints, written from ../shared/reference/hpo-keys.md
(Python 3 standard library + PyYAML only).

Reads ONE JSON array of cases from stdin, writes ONE JSON array of results to stdout. A case is
  {"data": yaml|null, "hpo": yaml, "train": yaml, "bench": yaml|null, "model": str, "params": yaml,
   "study_hash": str|null}
where each yaml is loaded with yaml.safe_load (null: the config is None), except params: json.loads when
it is JSON, else yaml.safe_load. A result maps each item
(data_fp, eval_fp, v2, v2_hash, v1, v1_hash, family, family_hash, trial, trial_hash, load) to
{"v": text} or {"e": "ExceptionType: message"}. The trial key uses study_hash, else the v2 hash,
else 64 zeros. --check prints the PyYAML version.
"""
import hashlib
import json
import sys

import yaml


def hash64(s):
    return hashlib.sha256(s.encode("utf-8")).hexdigest()


def canon(v):
    return json.dumps(v, sort_keys=True, separators=(",", ":"))


def data_fp(data):
    c = data.get("content_hash") or data.get("manifest_hash")
    if c:
        return hash64(str(c))
    return hash64(canon({
        "name": data.get("name"),
        "version": data.get("version"),
        "split_seed": data.get("split_seed"),
        "label_mapping": data.get("label_mapping", {}),
        "schema": data.get("schema", {}),
    }))


def eval_config(train, hpo):
    return train.get("eval", {}) or hpo.get("evaluation", {}) or {}


def eval_fp(ev):
    return hash64(canon({
        "evaluator_version": ev.get("evaluator_version", "default"),
        "metric_spec": ev.get("metric", {}),
        "thresholding": ev.get("thresholding", {}),
        "full_eval_config": ev,
    }))


def hpo_section(hpo, objective):
    return {
        "search_space": hpo.get("search_space", {}),
        "objective": objective,
        "k_fold": hpo.get("k_fold", {}),
        "sampling": {"algorithm": hpo.get("sampling", {}).get("algorithm", "random")},
        "early_termination": hpo.get("early_termination", {}),
    }


def study_key_v2(data, hpo, train, model):
    o = hpo.get("objective", {})
    payload = {
        "schema_version": "2.0",
        "data": {
            "name": data.get("name", ""),
            "version": data.get("version", ""),
            "schema": data.get("schema", {}),
            "split_seed": data.get("split_seed", "default"),
            "label_mapping": data.get("label_mapping", {}),
            "data_fingerprint": data_fp(data or {}),
        },
        "hpo": hpo_section(hpo, {"metric": o.get("metric", "macro-f1"), "direction": o.get("direction", "maximize")}),
        "training": {
            "max_steps": train.get("max_steps"),
            "num_epochs": train.get("num_epochs"),
            "seed_policy": train.get("seed_policy", "default"),
        },
        "evaluation": {"eval_fingerprint": eval_fp(eval_config(train, hpo))},
        "model": model.lower().strip(),
    }
    return canon(payload)


def v1_payload(data, hpo, bench):
    benchmark = {}
    if bench:
        b = bench.get("benchmarking", {})
        benchmark = {"metric": b.get("metric", "macro-f1"), "max_length": b.get("max_length", 512)}
    return {
        "schema_version": "1.0",
        "data": {
            "name": data.get("name", ""),
            "version": data.get("version", ""),
            "local_path": str(data.get("local_path", "")),
            "schema": data.get("schema", {}),
        },
        "hpo": hpo_section(hpo, hpo.get("objective", {})),
        "benchmark": benchmark,
    }


def study_key_v1(data, hpo, model, bench):
    p = v1_payload(data, hpo, bench)
    p["model"] = model.lower().strip()
    return canon(p)


def family_key(data, hpo, bench):
    return canon(v1_payload(data, hpo, bench))


def norm(hp):
    out = {}
    for k, v in sorted(hp.items()):
        if isinstance(v, float):
            out[k] = 0.0 if v == 0.0 else float(f"{v:.12e}")
        elif isinstance(v, (bool, int)):
            out[k] = v
        elif isinstance(v, str):
            out[k] = v.lower().strip()
        else:
            out[k] = str(v).lower().strip()
    return out


def trial_key(study_hash, hp):
    return canon({"schema_version": "1.0", "study_key_hash": study_hash, "hyperparameters": norm(hp)})


def err(e):
    try:
        msg = str(e)
    except BaseException:  # noqa: BLE001
        msg = "<unprintable>"
    return {"e": "%s: %s" % (type(e).__name__, msg[:300])}


def attempt(out, name, fn):
    try:
        out[name] = {"v": fn()}
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as e:  # noqa: BLE001 - every failure is a result
        out[name] = err(e)
    return out[name].get("v")


def load(text):
    return None if text is None else yaml.safe_load(text)


def load_params(text):
    """Hyperparameters: json.loads when the text is JSON, else yaml.safe_load (what Lineage's CLI does)."""
    if text is None:
        return None
    try:
        return json.loads(text)
    except ValueError:
        return yaml.safe_load(text)


def run_case(case):
    out = {}
    try:
        data, hpo, train, bench = (load(case[k]) for k in ("data", "hpo", "train", "bench"))
        hp = load_params(case["params"])
    except BaseException as e:  # noqa: BLE001
        out["load"] = err(e)
        return out
    out["load"] = {"v": "ok"}
    model = case["model"]
    attempt(out, "data_fp", lambda: data_fp(data or {}))
    attempt(out, "eval_fp", lambda: eval_fp(eval_config(train, hpo)))
    v2 = attempt(out, "v2", lambda: study_key_v2(data, hpo, train, model))
    v2_hash = attempt(out, "v2_hash", lambda: hash64(v2)) if v2 is not None else None
    v1 = attempt(out, "v1", lambda: study_key_v1(data, hpo, model, bench))
    if v1 is not None:
        attempt(out, "v1_hash", lambda: hash64(v1))
    fam = attempt(out, "family", lambda: family_key(data, hpo, bench))
    if fam is not None:
        attempt(out, "family_hash", lambda: hash64(fam))
    study_hash = case.get("study_hash") or v2_hash or "0" * 64
    t = attempt(out, "trial", lambda: trial_key(study_hash, hp))
    if t is not None:
        attempt(out, "trial_hash", lambda: hash64(t))
    attempt(out, "model", lambda: model.lower().strip())
    return out


def main(argv):
    sys.setrecursionlimit(1000)
    if "--check" in argv:
        print(yaml.__version__)
        return 0
    cases = json.loads(sys.stdin.buffer.read().decode("utf-8", "surrogatepass"))
    sys.stdout.write(json.dumps([run_case(c) for c in cases], ensure_ascii=True))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
