#!/usr/bin/env bash
# The retraining walkthrough of docs/retraining.md on the bundled sample: build it (build/sample.sh writes the lineage
# manifest), then the `lineage retrain` commands as a scheduled CI job would run them, with the sample's policy
# (samples/training-repo/retrain/retrain.yaml), its small Python training (retrain/train.py) and drift samples. The
# registry is samples/training-repo/artifacts/retrain-registry (new each run); production metrics are a CSV file
# standing in for Prometheus.
set -euo pipefail
cd "$(dirname "$0")/.."

build/sample.sh >/dev/null
dotnet build src/Lineage.Cli -c Release -nologo -v quiet >/dev/null
cli="$PWD/src/Lineage.Cli/bin/Release/net10.0/lineage.dll"
lineage() { dotnet "$cli" "$@"; }

cd samples/training-repo
export LINEAGE_REGISTRY="$PWD/artifacts/retrain-registry" LINEAGE_RETRAIN_POLICY="$PWD/retrain/retrain.yaml"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$LINEAGE_REGISTRY" artifacts/retrain
mkdir -p "$LINEAGE_REGISTRY" artifacts/retrain

# Production accuracy of plant001-circuit01 over the last week, sliding below the 0.92 threshold.
metrics=artifacts/retrain/production-metrics.csv
echo "timestamp,model,metric,value" >"$metrics"
day=7
for accuracy in 0.95 0.94 0.93 0.91 0.90 0.89 0.88; do
  echo "$(date -u -d "-$day day" +%Y-%m-%dT%H:%M:%SZ),plant001-circuit01,accuracy,$accuracy" >>"$metrics"
  day=$((day - 1))
done

step() {
  echo
  echo "\$ lineage $*"
  lineage "$@" || echo "(exit $?)"
}

step retrain check
step retrain check --model-name plant001-circuit01 --start --deploy
step retrain start --model-name plant001-circuit01 --reason "sensor recalibration on mill 1" --deploy
step retrain list
job=$(lineage retrain list --model-name plant001-circuit01 --limit 1 --json | sed -n 's/.*"job_id": "\(rt-[^"]*\)".*/\1/p' | head -n 1)
step retrain status "$job"

# After the deployment, production accuracy drops: the rollback check sees it (dry run: report only).
echo "$(date -u +%Y-%m-%dT%H:%M:%SZ),plant001-circuit01,accuracy,0.81" >>"$metrics"
step retrain rollback --model-name plant001-circuit01 --dry-run
step drift --reference retrain/data/reference.csv --current retrain/data/current.csv

echo
echo "registry: samples/training-repo/artifacts/retrain-registry"
find "$LINEAGE_REGISTRY" -path "$LINEAGE_REGISTRY/.lineage" -prune -o -type f -print | sed "s|$LINEAGE_REGISTRY/|  |" | sort
