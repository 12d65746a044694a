#!/usr/bin/env bash
# Build-overhead benchmark of the Lineage.Build package (issue 3, "Speed"): the same consumer project with 1,000
# circuits built with and without Lineage, as a full build (bin/obj and generated files removed, packages already
# restored) and as a no-op incremental build. Prints hyperfine's figures, the Lineage targets' own time from
# MSBuild's performance summary, and as its last line
#   no-op +12 ms (without 1.52 s, with 1.53 s); full +310 ms (without 3.10 s, with 3.41 s)
# See docs/benchmarks.md.
#
# Environment:
#   BENCH_COUNT   circuits in the catalog (default 1000)
#   BENCH_RUNS    hyperfine runs per case (default 10)
#   BENCH_DIR     work directory (default artifacts/bench-build)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
count="${BENCH_COUNT:-1000}"
runs="${BENCH_RUNS:-10}"
dir="${BENCH_DIR:-$root/artifacts/bench-build}"
log() { echo "bench-build: $*" >&2; }

command -v hyperfine >/dev/null 2>&1 || { log "installing hyperfine"; apt-get install -y -qq hyperfine >/dev/null; }
python="$("$root/build/setup.sh" | tail -n 1)"

rm -rf "$dir"
mkdir -p "$dir/feed"
version="0.1.0-bench.$(date +%s)"
log "packing Lineage.Build $version"
dotnet pack "$root/src/Lineage.Build.Tasks" -c Release -o "$dir/feed" -p:PackageVersion="$version" -v quiet -nologo >/dev/null

export NUGET_PACKAGES="$dir/packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
# As on CI machines here: no MSBuild node reuse and no compiler server, for both projects alike.
flags=(-nodeReuse:false -p:UseSharedCompilation=false --no-restore -v:q -nologo)

make_project() { # name, with-lineage (0/1)
  local p="$dir/$1"
  mkdir -p "$p/config"
  "$python" "$root/build/bench/generate_circuits.py" --count "$count" --seed 42 --out "$p/config/circuits.yaml"
  printf '<Project />\n' > "$p/Directory.Build.props"
  printf '<Project />\n' > "$p/Directory.Build.targets"
  printf '<Project><PropertyGroup><ManagePackageVersionsCentrally>false</ManagePackageVersionsCentrally></PropertyGroup></Project>\n' > "$p/Directory.Packages.props"
  printf '<configuration><packageSources><clear /><add key="feed" value="%s" /></packageSources></configuration>\n' "$dir/feed" > "$p/nuget.config"
  printf 'System.Console.WriteLine("training");\n' > "$p/Program.cs"
  local lineage=""
  if [ "$2" = 1 ]; then
    lineage="<ItemGroup><PackageReference Include=\"Lineage.Build\" Version=\"$version\" PrivateAssets=\"all\" /><LineageCircuits Include=\"config/circuits.yaml\" OutputDirectory=\"config/circuits\" /></ItemGroup>"
  fi
  cat > "$p/$1.csproj" <<PROJ
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup><OutputType>Exe</OutputType><TargetFramework>net10.0</TargetFramework></PropertyGroup>
  $lineage
</Project>
PROJ
  dotnet restore "$p" -v quiet >/dev/null
  dotnet build "$p" "${flags[@]}" >/dev/null
}

log "generating two consumers with $count circuits"
make_project without 0
make_project with 1
[ "$(ls "$dir/with/config/circuits" | wc -l)" -eq "$count" ] || { log "the Lineage build did not write $count circuit files"; exit 1; }

json="$dir/results.json"
# One --prepare per command, in order (hyperfine's rule): none for the no-op builds, a clean tree for full builds.
hyperfine --warmup 2 --runs "$runs" --export-json "$json" \
  --prepare true --prepare true \
  --prepare "rm -rf $dir/without/bin $dir/without/obj/Debug" \
  --prepare "rm -rf $dir/with/bin $dir/with/obj/Debug $dir/with/config/circuits" \
  -n noop-without "dotnet build $dir/without ${flags[*]}" \
  -n noop-with "dotnet build $dir/with ${flags[*]}" \
  -n full-without "dotnet build $dir/without ${flags[*]}" \
  -n full-with "dotnet build $dir/with ${flags[*]}" >&2

log "Lineage targets in a no-op build (MSBuild performance summary):"
dotnet build "$dir/with" -nodeReuse:false -p:UseSharedCompilation=false --no-restore -nologo -clp:PerformanceSummary -v:n \
  | grep -E "^\s+[0-9]+ ms\s+_?Lineage" >&2 || true
log "Lineage targets in a full build:"
rm -rf "$dir/with/bin" "$dir/with/obj/Debug" "$dir/with/config/circuits"
dotnet build "$dir/with" -nodeReuse:false -p:UseSharedCompilation=false --no-restore -nologo -clp:PerformanceSummary -v:n \
  | grep -E "^\s+[0-9]+ ms\s+_?Lineage" >&2 || true

"$python" - "$json" <<'PY'
import json, sys
r = {x["command"]: x for x in json.load(open(sys.argv[1]))["results"]}
def line(kind):
    a, b = r[kind + "-without"]["median"], r[kind + "-with"]["median"]
    return f"{kind} {(b - a) * 1000:+.0f} ms (without {a:.2f} s, with {b:.2f} s)"
print(f"{line('noop')}; {line('full')}")
PY
