#!/usr/bin/env bash
# The main job on the bundled sample: pack the Lineage.Build package into the local feed (artifacts/packages), then
# `dotnet build` samples/training-repo, which references it by PackageReference. The build validates
# config/circuits.yaml, writes config/circuits/{plant_id}_{circuit_id}.yaml with their metadata section and the tagged
# lineage manifest; this script then shows the circuits and where the manifest went.
set -euo pipefail
cd "$(dirname "$0")/.."

sample=samples/training-repo
# A version no earlier run used, so no package cache can serve a stale build of the package.
version="0.1.0-dev.$(date -u +%Y%m%d%H%M%S)"
export NUGET_PACKAGES="$PWD/artifacts/nuget-packages"
export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1

dotnet pack src/Lineage.Build.Tasks -c Release -o artifacts/packages -p:PackageVersion="$version" -v quiet -nologo >/dev/null
echo "packed Lineage.Build $version into artifacts/packages"

dotnet build "$sample" -p:LineageBuildVersion="$version" -nologo -v minimal -t:Build\;ListCircuits

manifest="$sample/obj/Debug/net10.0/lineage-manifest.json"
echo
echo "per-circuit configs: $sample/config/circuits/"
echo "lineage manifest:    $manifest"
echo "             copy:   $sample/artifacts/lineage-manifest.json (LineageManifestOutputPath)"

# The program uses the types the source generator made from the same catalog: same model names, same hashes.
echo
echo "the sample program, from the generated Circuits class:"
dotnet "$sample/bin/Debug/net10.0/TrainingRepo.dll"
