#!/usr/bin/env bash
# Installs what the sample and the tests need beyond the .NET SDK: Python 3 with PyYAML, the reference
# implementation every hash is checked against, SciPy and NumPy, the reference of the drift statistics (Debian's
# python3-scipy is 1.10 on bookworm), and a C toolchain for the Native AOT build of the lineage tool
# (clang, or gcc, which the SDK falls back to). Prints the Python to use (LINEAGE_PYTHON) on its last line.
set -euo pipefail

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Native AOT links with clang, or with gcc when there is no clang.
if ! command -v clang >/dev/null 2>&1 && ! command -v gcc >/dev/null 2>&1 && command -v apt-get >/dev/null 2>&1; then
  echo "setup: installing clang (linker for the Native AOT build of the lineage tool) with apt-get" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq clang >&2
fi

find_python() {
  for candidate in "${LINEAGE_PYTHON:-}" python3 /usr/bin/python3; do
    [ -n "$candidate" ] || continue
    if command -v "$candidate" >/dev/null 2>&1 && "$candidate" -c 'import yaml, scipy, numpy' >/dev/null 2>&1; then
      command -v "$candidate"
      return 0
    fi
  done
  return 1
}

if ! python="$(find_python)"; then
  # Debian's /usr/bin/python3 then has all three (a pyenv python3 earlier on PATH may lack SciPy).
  echo "setup: installing python3-yaml, python3-scipy and python3-numpy with apt-get" >&2
  as_root apt-get update -qq >&2
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-yaml python3-scipy python3-numpy >&2
  python="$(find_python)" || { echo "setup: PyYAML, SciPy or NumPy is still missing" >&2; exit 1; }
fi

echo "$python"
