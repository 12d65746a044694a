#!/usr/bin/env bash
# The registry walkthrough of the README on the bundled sample: build (build/sample.sh), then the Lineage.Build
# package's registry targets as a CI pipeline would call them: quality gate, promote two training runs, resolve the
# release by config hash, roll back, plan, verify. The registry is samples/training-repo/artifacts/registry (new each
# run); the "training" writes a small model file and a metrics JSON.
set -euo pipefail
cd "$(dirname "$0")/.."

build/sample.sh
cd samples/training-repo
export LINEAGE_REGISTRY="$PWD/artifacts/registry" DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
rm -rf "$LINEAGE_REGISTRY" artifacts/models artifacts/results
mkdir -p artifacts/models/run-1 artifacts/models/run-2 artifacts/results

step() {
  echo
  echo "\$ dotnet msbuild $*"
  dotnet msbuild -nologo -v:m -nodeReuse:false "$@" | grep -E 'Lineage:|error|warning' || true
  return "${PIPESTATUS[0]}"
}

# Training run 1 of plant001-circuit01, and its evaluation.
echo "weights of training run 1" > artifacts/models/run-1/model.onnx
echo '{"rmse": 0.29, "mape": 0.061, "coverage_p90": 0.91, "slices": {"night_shift": {"rmse": 0.41}}}' > artifacts/results/metrics.json

step -t:LineageQualityGate -p:LineageThresholds=config/gate.yaml -p:LineageMetrics=artifacts/results/metrics.json -p:LineageGateOutput=artifacts/results
step -t:LineagePromote -p:LineageModelName=plant001-circuit01 -p:LineageModelPath=artifacts/models/run-1/model.onnx \
  -p:LineageGateReport=artifacts/results/quality_gate.txt -p:LineageMetrics=artifacts/results/metrics.json

# Run 2 (retrained on the same config): a second version with the same config hash.
echo "weights of training run 2" > artifacts/models/run-2/model.onnx
step -t:LineagePromote -p:LineageModelName=plant001-circuit01 -p:LineageModelPath=artifacts/models/run-2/model.onnx \
  -p:LineageGateReport=artifacts/results/quality_gate.txt -p:LineageMetrics=artifacts/results/metrics.json

# Release: only plant001-circuit01 was trained; the other circuits are reported missing, which is not an error.
step -t:LineageResolveRelease
step -t:LineageRollback -p:LineageModelName=plant001-circuit01 "-p:LineageRollbackReason=MAPE spike on the night shift"
step -t:LineagePlan
step -t:LineageVerifyRegistry

echo
echo "registry: samples/training-repo/artifacts/registry"
find "$LINEAGE_REGISTRY" -path "$LINEAGE_REGISTRY/.lineage" -prune -o -type f -print | sed "s|$LINEAGE_REGISTRY/|  |" | sort
