"""A small, real training for the retraining walkthrough: fits a one-feature threshold classifier on
data/train.csv, writes the model (JSON) to LINEAGE_MODEL_OUTPUT and its predictions on data/holdout.csv to
LINEAGE_PREDICTIONS. Lineage sets both, plus LINEAGE_TRAINING_CONFIG (the circuit's config) and LINEAGE_JOB_ID."""
import csv
import json
import os
import sys

here = os.path.dirname(os.path.abspath(__file__))


def rows(name):
    with open(os.path.join(here, "data", name), newline="") as f:
        return [(float(r["vibration_rms"]), int(r["fault"])) for r in csv.DictReader(f)]


train = rows("train.csv")
best = max(sorted({x for x, _ in train}), key=lambda t: sum((x >= t) == bool(y) for x, y in train))
model_path = os.environ["LINEAGE_MODEL_OUTPUT"]
predictions_path = os.environ["LINEAGE_PREDICTIONS"]
os.makedirs(os.path.dirname(model_path), exist_ok=True)
os.makedirs(os.path.dirname(predictions_path), exist_ok=True)
with open(model_path, "w") as f:
    json.dump({"kind": "threshold", "feature": "vibration_rms", "threshold": best,
               "config": os.environ.get("LINEAGE_TRAINING_CONFIG"), "config_hash": os.environ.get("LINEAGE_CONFIG_HASH")}, f)
with open(predictions_path, "w", newline="") as f:
    out = csv.writer(f)
    out.writerow(["actual", "predicted"])
    for x, y in rows("holdout.csv"):
        out.writerow([y, int(x >= best)])
print(f"{os.environ.get('LINEAGE_MODEL_NAME')}: threshold {best} on {len(train)} rows "
      f"(training window {os.environ.get('LINEAGE_TRAINING_WINDOW_DAYS')} days)", file=sys.stderr)
