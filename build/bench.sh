#!/usr/bin/env bash
# Speed benchmark: `lineage circuits hash` against the Python reference of seed 000, side by side, on the
# same generated circuits.yaml. Checks that both give the same hash for every circuit, then prints
#   python 24.8 s, lineage 0.21 s, ratio 118x
# as its last line. See docs/benchmarks.md.
#
# Environment:
#   BENCH_COUNT       circuits in the generated file (default 10000)
#   BENCH_SEED        generator seed (default 42)
#   BENCH_PROFILE     generator profile: standard (default) or rich
#   BENCH_DIR         work directory (default artifacts/bench)
#   BENCH_RUNS        timed runs of lineage after the warm-up (default 5; the median is reported)
#   BENCH_PY_RUNS     timed runs of the Python reference after the warm-up (default 1)
#   BENCH_PY_WARMUP   1 (default) to run the Python reference once untimed first, 0 to skip that
#   BENCH_MIN_RATIO   when set, exit 1 if the ratio is below it (e.g. 100)
#   LINEAGE_CMD       command to run instead of publishing src/Lineage.Cli, e.g. "lineage" or
#                     "dotnet tests/Lineage.Benchmarks/bin/Release/net10.0/Lineage.Benchmarks.dll"
#                     (it is run as: $LINEAGE_CMD circuits hash <file> --json)
#   PYTHON            Python interpreter (default python3)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${BENCH_COUNT:-10000}"
seed="${BENCH_SEED:-42}"
profile="${BENCH_PROFILE:-standard}"
dir="${BENCH_DIR:-$root/artifacts/bench}"
runs="${BENCH_RUNS:-5}"
py_runs="${BENCH_PY_RUNS:-1}"
py_warmup="${BENCH_PY_WARMUP:-1}"
python="${PYTHON:-python3}"

die() { echo "bench: $*" >&2; exit 1; }
log() { echo "bench: $*" >&2; }

as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"
  elif command -v sudo >/dev/null 2>&1; then sudo "$@"
  else die "need root to run: $*"; fi
}

# --- prerequisites: Python 3 with PyYAML (Debian packages), the .NET SDK unless LINEAGE_CMD is given -------
if ! command -v "$python" >/dev/null 2>&1 || ! "$python" -c 'import yaml' >/dev/null 2>&1; then
  command -v apt-get >/dev/null 2>&1 || die "$python with PyYAML is required (pip install pyyaml)"
  log "installing python3 and python3-yaml with apt-get"
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-yaml >/dev/null
  if ! "$python" -c 'import yaml' >/dev/null 2>&1; then
    # e.g. a pyenv python3 first on PATH: use the Debian interpreter that has the package.
    python=/usr/bin/python3
    "$python" -c 'import yaml' || die "PyYAML still not importable"
  fi
fi
pyyaml="$("$python" -c 'import sys, yaml; print(f"Python {sys.version.split()[0]}, PyYAML {yaml.__version__}")')"

mkdir -p "$dir"
file="$dir/circuits-$count-$seed-$profile.yaml"
log "generating $file ($count circuits, seed $seed, profile $profile)"
"$python" "$root/build/bench/generate_circuits.py" --count "$count" --seed "$seed" --profile "$profile" --out "$file"

# --- the lineage command ------------------------------------------------------------------------------------
if [ -n "${LINEAGE_CMD:-}" ]; then
  read -r -a lineage <<<"$LINEAGE_CMD"
else
  command -v dotnet >/dev/null 2>&1 || die "the .NET SDK is required to publish src/Lineage.Cli (or set LINEAGE_CMD)"
  [ -d "$root/src/Lineage.Cli" ] || die "src/Lineage.Cli not found; set LINEAGE_CMD to the lineage command to time"
  out="$dir/cli"
  log "publishing src/Lineage.Cli (Release; Native AOT on linux-x64, as the tool package) to $out"
  rm -rf "$out"
  dotnet publish "$root/src/Lineage.Cli" -c Release -o "$out" -nologo -v quiet >&2
  lineage=()
  for name in lineage Lineage.Cli; do
    if [ -x "$out/$name" ] && [ ! -d "$out/$name" ]; then lineage=("$out/$name"); break; fi
  done
  if [ ${#lineage[@]} -eq 0 ]; then
    dll="$(ls "$out"/*.dll 2>/dev/null | grep -iE '/(lineage|Lineage\.Cli)\.dll$' | head -n 1 || true)"
    [ -n "$dll" ] || die "no lineage executable or Lineage.Cli.dll in $out"
    lineage=(dotnet "$dll")
  fi
fi
log "lineage command: ${lineage[*]}"

# --- timing -------------------------------------------------------------------------------------------------
# time_runs OUT N CMD...: runs CMD N times with stdout to OUT, prints each wall-clock time in seconds.
time_runs() {
  local out="$1" n="$2"; shift 2
  local i start end
  for ((i = 0; i < n; i++)); do
    start=$(date +%s.%N)
    "$@" >"$out"
    end=$(date +%s.%N)
    echo "$start $end" | awk '{ printf "%.4f\n", $2 - $1 }'
  done
}

median() { sort -g | awk '{ a[NR] = $1 } END { if (NR % 2) print a[(NR + 1) / 2]; else printf "%.4f\n", (a[NR / 2] + a[NR / 2 + 1]) / 2 }'; }

py_json="$dir/python.json"
lin_json="$dir/lineage.json"
py_cmd=("$python" "$root/build/bench/python_reference.py" "$file" --json)
lin_cmd=("${lineage[@]}" circuits hash "$file" --json)

log "warm-up"
"${lin_cmd[@]}" >"$lin_json" || die "lineage failed: ${lin_cmd[*]}"
if [ "$py_warmup" = 1 ]; then "${py_cmd[@]}" >"$py_json"; fi

if command -v hyperfine >/dev/null 2>&1; then
  # hyperfine runs each command line through a shell (whose start-up it measures and subtracts), so the
  # redirections keep each tool's output for the comparison below.
  log "timing with hyperfine ($py_runs python run(s), $runs lineage runs)"
  hyperfine --style basic --runs "$py_runs" --export-json "$dir/python.hyperfine.json" \
    "$(printf '%q ' "${py_cmd[@]}")> $(printf '%q' "$py_json")" >&2
  hyperfine --style basic --runs "$runs" --export-json "$dir/lineage.hyperfine.json" \
    "$(printf '%q ' "${lin_cmd[@]}")> $(printf '%q' "$lin_json")" >&2
  hf_median='import json, sys; print(json.load(open(sys.argv[1]))["results"][0]["median"])'
  py_time=$("$python" -c "$hf_median" "$dir/python.hyperfine.json")
  lin_time=$("$python" -c "$hf_median" "$dir/lineage.hyperfine.json")
else
  log "timing with date +%s.%N ($py_runs python run(s), $runs lineage runs)"
  py_time=$(time_runs "$py_json" "$py_runs" "${py_cmd[@]}" | median)
  lin_time=$(time_runs "$lin_json" "$runs" "${lin_cmd[@]}" | median)
fi

# --- the same hash for every circuit, or nothing ------------------------------------------------------------
if ! "$python" "$root/build/bench/compare_hashes.py" "$py_json" "$lin_json" --circuits "$file" >&2; then
  die "FAILED: lineage and the Python reference disagree (outputs kept in $dir)"
fi

ratio=$(awk -v p="$py_time" -v l="$lin_time" 'BEGIN { printf "%.0f", p / l }')
log "$pyyaml; $(nproc) cores; $(wc -c <"$file") bytes, $count circuits; lineage: ${lineage[*]}"
printf 'python %.1f s, lineage %.2f s, ratio %sx\n' "$py_time" "$lin_time" "$ratio"
if [ -n "${BENCH_MIN_RATIO:-}" ] && [ "$ratio" -lt "$BENCH_MIN_RATIO" ]; then
  die "ratio ${ratio}x is below the goal of ${BENCH_MIN_RATIO}x"
fi
