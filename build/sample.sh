#!/usr/bin/env bash
# The main job on the bundled sample: hash every circuit of samples/training-repo/config/circuits.yaml and
# generate the per-circuit config files (with their metadata section) next to it, as the seed's Python script did.
set -euo pipefail
cd "$(dirname "$0")/.."

catalog=samples/training-repo/config/circuits.yaml
out=samples/training-repo/config/circuits

dotnet build src/Lineage.Cli -c Release -v quiet -nologo >/dev/null
lineage() { dotnet src/Lineage.Cli/bin/Release/net10.0/lineage.dll "$@"; }

lineage circuits hash "$catalog"
lineage circuits generate "$catalog" --out "$out"
lineage hash "$out"/*.yaml
