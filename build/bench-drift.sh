#!/usr/bin/env bash
# Drift statistics speed: Lineage against SciPy/NumPy on the same 1,000,000 vs 1,000,000 samples (4 features),
# side by side. Generates the data once (build/bench/drift_data.py), then times
#   computation only (data already in memory): scipy.stats.ks_2samp + the NumPy PSI per feature, against
#     KolmogorovSmirnov + PopulationStability in-process (tests/Lineage.Benchmarks "drift"), best of BENCH_RUNS;
#   end to end, CSV to report: numpy.loadtxt + the same Python statistics, against `lineage drift --json`
#     (Native AOT, as the tool package ships it), median of BENCH_E2E_RUNS;
# checks that D, the p-value and PSI agree, and prints wall and CPU times with ratios. See docs/benchmarks.md.
#
# Environment:
#   BENCH_ROWS       rows per sample (default 1000000)
#   BENCH_DIR        work directory (default artifacts/bench/drift)
#   BENCH_RUNS       computation-only runs, best taken (default 3)
#   BENCH_E2E_RUNS   end-to-end runs per side, median taken (default 3)
#   LINEAGE_CMD      the lineage command to time instead of publishing src/Lineage.Cli (e.g. "lineage")
#   PYTHON           Python with SciPy and NumPy (default: what build/setup.sh picks)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
rows="${BENCH_ROWS:-1000000}"
dir="${BENCH_DIR:-$root/artifacts/bench/drift}"
runs="${BENCH_RUNS:-3}"
e2e_runs="${BENCH_E2E_RUNS:-3}"
python="${PYTHON:-$("$root/build/setup.sh" | tail -n 1)}"

log() { echo "bench-drift: $*" >&2; }

mkdir -p "$dir"
data="$dir/data-$rows"
if [ ! -f "$data/current.csv" ]; then
  log "generating $rows rows per sample in $data"
  "$python" "$root/build/bench/drift_data.py" --rows "$rows" --out "$data" >/dev/null
fi
versions="$("$python" -c 'import sys, scipy, numpy; print(f"Python {sys.version.split()[0]}, SciPy {scipy.__version__}, NumPy {numpy.__version__}")')"

if [ -n "${LINEAGE_CMD:-}" ]; then
  read -r -a lineage <<<"$LINEAGE_CMD"
else
  out="$dir/cli"
  log "publishing src/Lineage.Cli (Release, Native AOT on linux-x64) to $out"
  rm -rf "$out"
  dotnet publish "$root/src/Lineage.Cli" -c Release -o "$out" -nologo -v quiet >&2
  if [ -x "$out/lineage" ]; then lineage=("$out/lineage"); else lineage=(dotnet "$out/lineage.dll"); fi
fi
log "building tests/Lineage.Benchmarks"
dotnet build "$root/tests/Lineage.Benchmarks" -c Release -nologo -v quiet >&2

# --- computation only --------------------------------------------------------------------------------------
log "computation only: SciPy/NumPy (best of $runs)"
"$python" "$root/build/bench/drift_python.py" compute "$data" "$runs" >"$dir/python-compute.json"
log "computation only: Lineage (best of $runs)"
dotnet "$root/tests/Lineage.Benchmarks/bin/Release/net10.0/Lineage.Benchmarks.dll" drift "$data" --runs "$runs" >"$dir/lineage-compute.json"

# --- end to end: CSV to report ------------------------------------------------------------------------------
# GNU time's wall and user+sys seconds of one run, appended to a file.
timed() { local file="$1"; shift; /usr/bin/time -f "%e %U %S" -a -o "$file" "$@"; }
rm -f "$dir/python-e2e.times" "$dir/lineage-e2e.times"
for i in $(seq "$e2e_runs"); do
  log "end to end run $i of $e2e_runs"
  timed "$dir/python-e2e.times" "$python" "$root/build/bench/drift_python.py" e2e "$data/reference.csv" "$data/current.csv" >"$dir/python-e2e.json"
  timed "$dir/lineage-e2e.times" "${lineage[@]}" drift --reference "$data/reference.csv" --current "$data/current.csv" --json >"$dir/lineage-e2e.json"
done

"$python" - "$dir" "$rows" "$versions" "${lineage[*]}" <<'PY'
import json, statistics, sys
d, rows, versions, cmd = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4]
load = lambda name: json.load(open(f"{d}/{name}"))
pc, lc = load("python-compute.json"), load("lineage-compute.json")
pe = load("python-e2e.json")
le = {f["name"]: f for f in load("lineage-e2e.json")["features"]}
ok = True
for name in pc:
    for key in ("ks_statistic", "ks_pvalue", "psi"):
        for other, label in ((lc[name][key], "in-process"), (le[name][key], "CLI")):
            ref = pc[name][key]
            if other != ref and abs(other - ref) > 1e-12 * abs(ref):
                ok = False
                print(f"MISMATCH {name} {key}: SciPy/NumPy {ref!r}, Lineage {label} {other!r}")
        if pe[name][key] != pc[name][key]:
            ok = False
            print(f"MISMATCH {name} {key}: Python from CSV {pe[name][key]!r} vs from memory {pc[name][key]!r}")
def times(name):
    runs = [tuple(map(float, line.split())) for line in open(f"{d}/{name}") if line.strip() and line[0].isdigit()]
    return statistics.median(r[0] for r in runs), statistics.median(r[1] + r[2] for r in runs)
print(f"{rows:,} vs {rows:,} rows, {len(pc)} features; {versions}; lineage: {cmd}")
print(f"{'computation only':<18} {'scipy wall':>10} {'lineage wall':>12} {'ratio':>6} {'scipy cpu':>10} {'lineage cpu':>12} {'ratio':>6}")
tw = tl = tcw = tcl = 0.0
for name in pc:
    pw, lw, pcpu, lcpu = pc[name]["seconds"], lc[name]["seconds"], pc[name]["cpu_seconds"], lc[name]["cpu_seconds"]
    tw, tl, tcw, tcl = tw + pw, tl + lw, tcw + pcpu, tcl + lcpu
    print(f"{name:<18} {pw:>9.3f}s {lw:>11.3f}s {pw / lw:>5.1f}x {pcpu:>9.3f}s {lcpu:>11.3f}s {pcpu / lcpu:>5.1f}x")
print(f"{'all features':<18} {tw:>9.3f}s {tl:>11.3f}s {tw / tl:>5.1f}x {tcw:>9.3f}s {tcl:>11.3f}s {tcw / tcl:>5.1f}x")
(pw, pcpu), (lw, lcpu) = times("python-e2e.times"), times("lineage-e2e.times")
print(f"{'end to end (CSV)':<18} {pw:>9.2f}s {lw:>11.2f}s {pw / lw:>5.1f}x {pcpu:>9.2f}s {lcpu:>11.2f}s {pcpu / lcpu:>5.1f}x")
print("values: " + ("D, p-value and PSI agree (CLI and in-process) with SciPy/NumPy" if ok else "MISMATCH (see above)"))
sys.exit(0 if ok else 1)
PY
