#!/usr/bin/env bash
# Runs every test of the solution (unit, differential against Python/PyYAML and SciPy/NumPy, CLI and package tests).
# Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

LINEAGE_PYTHON="$(build/setup.sh | tail -n 1)" || { echo "0 passed, 1 failed"; exit 1; }
export LINEAGE_PYTHON
echo "Using $LINEAGE_PYTHON ($("$LINEAGE_PYTHON" -c 'import yaml, scipy, numpy, sys; print("PyYAML", yaml.__version__, "SciPy", scipy.__version__, "NumPy", numpy.__version__, "Python", sys.version.split()[0])'))"

# The Kubernetes runner's tests need a real kube-apiserver (build/services/k8s.sh). Its first build on a machine takes
# minutes, so it starts now in the background and overlaps with compiling the solution; the tests wait for the
# kubeconfig, which the script writes only once the server is ready (or LINEAGE_KUBECONFIG.error with the reason).
export LINEAGE_K8S_DIR="$PWD/artifacts/k8s"
export LINEAGE_KUBECONFIG="$LINEAGE_K8S_DIR/kubeconfig"
mkdir -p "$LINEAGE_K8S_DIR"
rm -f "$LINEAGE_KUBECONFIG" "$LINEAGE_KUBECONFIG.error"
# setsid: its own process group, so a start still building when the tests end can be stopped with its go build.
setsid build/services/k8s.sh start >"$LINEAGE_K8S_DIR/start.log" 2>&1 </dev/null &
k8s_pid=$!
stop_k8s() {
  if kill -0 "$k8s_pid" 2>/dev/null; then
    kill -TERM -- "-$k8s_pid" 2>/dev/null || kill -TERM "$k8s_pid" 2>/dev/null
    wait "$k8s_pid" 2>/dev/null
  fi
  build/services/k8s.sh stop >/dev/null 2>&1
}
trap stop_k8s EXIT

log="$(mktemp)"
dotnet test Lineage.Build.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}
sed 's/^/  /' "$LINEAGE_K8S_DIR/start.log" # the API server's build and start times

# Microsoft.Testing.Platform prints a summary per run; add them up.
read -r total failed skipped < <(awk '
  /^[[:space:]]*total:/ { t += $2 }
  /^[[:space:]]*failed:/ { f += $2 }
  /^[[:space:]]*skipped:/ { s += $2 }
  END { print t+0, f+0, s+0 }' "$log")
passed=$(( total - failed - skipped ))
if [ "$status" -ne 0 ] && [ "$failed" -eq 0 ]; then
  failed=1 # the build or a test host failed without a test result
fi
rm -f "$log"
if [ "$skipped" -gt 0 ]; then
  echo "$passed passed, $failed failed, $skipped skipped"
else
  echo "$passed passed, $failed failed"
fi
exit "$status"
