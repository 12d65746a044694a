#!/usr/bin/env bash
# Runs every test of the solution (unit, differential against Python/PyYAML and SciPy/NumPy, CLI and package tests).
# Ends with one line: "N passed, N failed[, N skipped]".
set -uo pipefail
cd "$(dirname "$0")/.."

LINEAGE_PYTHON="$(build/setup.sh | tail -n 1)" || { echo "0 passed, 1 failed"; exit 1; }
export LINEAGE_PYTHON
echo "Using $LINEAGE_PYTHON ($("$LINEAGE_PYTHON" -c 'import yaml, scipy, numpy, sys; print("PyYAML", yaml.__version__, "SciPy", scipy.__version__, "NumPy", numpy.__version__, "Python", sys.version.split()[0])'))"

log="$(mktemp)"
dotnet test Lineage.Build.sln -c Release 2>&1 | tee "$log"
status=${PIPESTATUS[0]}

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
