#!/usr/bin/env bash
# Installs what the sample and the tests need beyond the .NET SDK: Python 3 with PyYAML, the reference
# implementation every hash is checked against. Prints the Python to use (LINEAGE_PYTHON) on its last line.
set -euo pipefail

find_python() {
  for candidate in "${LINEAGE_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if ! python="$(find_python)"; then
  echo "setup: installing python3-yaml (PyYAML) with apt-get" >&2
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3 python3-yaml >&2
  python="$(find_python)" || { echo "setup: PyYAML is still missing" >&2; exit 1; }
fi

echo "$python"
