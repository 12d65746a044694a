using System;
using System.Collections.Generic;
using System.Linq;
using System.Runtime.ExceptionServices;
using System.Threading.Tasks;
using Lineage.Registry;

namespace Lineage.Release;

/// <summary>A circuit whose current config has a registered model.</summary>
public sealed class ResolvedModel
{
    internal ResolvedModel(string modelName, string configHash, VersionSummary version)
    {
        ModelName = modelName;
        ConfigHash = configHash;
        Version = version;
    }

    /// <summary>The model name.</summary>
    public string ModelName { get; }

    /// <summary>The current config hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The newest version trained from it.</summary>
    public VersionSummary Version { get; }

    /// <summary>The version folder name.</summary>
    public string Id => RegistryNames.VersionId(ModelName, Version.Version);
}

/// <summary>A circuit without a model for its current config.</summary>
public sealed class MissingModel
{
    internal MissingModel(string modelName, string configHash, string reason)
    {
        ModelName = modelName;
        ConfigHash = configHash;
        Reason = reason;
    }

    /// <summary>The model name.</summary>
    public string ModelName { get; }

    /// <summary>The current config hash.</summary>
    public string ConfigHash { get; }

    /// <summary>Why: never trained from this config, or not signed off for production.</summary>
    public string Reason { get; }
}

/// <summary>One config hash shared by several circuits (seed 000: collision detection).</summary>
public sealed class DuplicateHash
{
    internal DuplicateHash(string configHash, IReadOnlyList<string> modelNames)
    {
        ConfigHash = configHash;
        ModelNames = modelNames;
    }

    /// <summary>The shared hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The circuits (model names) that have it.</summary>
    public IReadOnlyList<string> ModelNames { get; }
}

/// <summary>The release resolution of a manifest.</summary>
public sealed class ReleaseResolution
{
    internal ReleaseResolution(bool production, IReadOnlyList<ResolvedModel> found, IReadOnlyList<MissingModel> missing, IReadOnlyList<DuplicateHash> duplicates)
    {
        Production = production;
        Found = found;
        Missing = missing;
        Duplicates = duplicates;
    }

    /// <summary>Whether only <c>production_ready=true</c> versions counted.</summary>
    public bool Production { get; }

    /// <summary>Circuits with a model for their current config, in manifest order.</summary>
    public IReadOnlyList<ResolvedModel> Found { get; }

    /// <summary>Circuits without one: not a failure by itself (partial training, seed 000).</summary>
    public IReadOnlyList<MissingModel> Missing { get; }

    /// <summary>Config hashes shared by several circuits.</summary>
    public IReadOnlyList<DuplicateHash> Duplicates { get; }
}

/// <summary>What <c>plan</c> says of one circuit.</summary>
public enum PlanStatus
{
    /// <summary><c>latest</c> was trained from the current config.</summary>
    UpToDate,

    /// <summary>A version trained from the current config exists, but <c>latest</c> is another one.</summary>
    Deployable,

    /// <summary>No version was trained from the current config.</summary>
    NeedsTraining,
}

/// <summary>One row of the plan.</summary>
public sealed class PlanEntry
{
    internal PlanEntry(string modelName, string configHash, PlanStatus status, RegistryVersion? candidate, bool candidateProductionReady, RegistryVersion? latest, string? latestConfigHash)
    {
        ModelName = modelName;
        ConfigHash = configHash;
        Status = status;
        Candidate = candidate;
        CandidateProductionReady = candidateProductionReady;
        Latest = latest;
        LatestConfigHash = latestConfigHash;
    }

    /// <summary>The model name.</summary>
    public string ModelName { get; }

    /// <summary>The current config hash.</summary>
    public string ConfigHash { get; }

    /// <summary>The verdict.</summary>
    public PlanStatus Status { get; }

    /// <summary>The newest version trained from the current config, if any.</summary>
    public RegistryVersion? Candidate { get; }

    /// <summary>Whether that version is signed off for production.</summary>
    public bool CandidateProductionReady { get; }

    /// <summary>The deployed version (<c>latest</c>), if any.</summary>
    public RegistryVersion? Latest { get; }

    /// <summary>The config hash the deployed version was trained from.</summary>
    public string? LatestConfigHash { get; }

    /// <summary>Config drift: the deployed model was trained from a config that has changed since.</summary>
    public bool ConfigDrift => Latest is not null && LatestConfigHash != ConfigHash;
}

/// <summary>The plan of a manifest against a registry.</summary>
public sealed class ReleasePlan
{
    internal ReleasePlan(IReadOnlyList<PlanEntry> entries, IReadOnlyList<DuplicateHash> duplicates)
    {
        Entries = entries;
        Duplicates = duplicates;
    }

    /// <summary>One entry per circuit, in manifest order.</summary>
    public IReadOnlyList<PlanEntry> Entries { get; }

    /// <summary>Config hashes shared by several circuits.</summary>
    public IReadOnlyList<DuplicateHash> Duplicates { get; }
}

/// <summary>
/// Release discovery by config hash (seed 000): for each circuit of the current configs, the newest registered version
/// whose <c>config_hash</c> tag equals the circuit's current hash. Circuits without one are reported, not fatal: only
/// some circuits may have been trained. One index file is read per circuit.
/// </summary>
public static class ReleaseResolver
{
    /// <summary>Resolves every circuit of <paramref name="manifest"/>; with <paramref name="production"/>, only signed-off versions count.</summary>
    public static ReleaseResolution Resolve(IModelRegistry registry, ManifestFile manifest, bool production)
    {
        var outcomes = new object[manifest.Circuits.Count];
        InParallel(outcomes.Length, i => outcomes[i] = ResolveOne(registry, manifest.Circuits[i], production));
        return new ReleaseResolution(production, outcomes.OfType<ResolvedModel>().ToList(), outcomes.OfType<MissingModel>().ToList(), Duplicates(manifest));
    }

    /// <summary>Which circuits need training, which are deployable, and which deployed models drifted from their config.</summary>
    public static ReleasePlan Plan(IModelRegistry registry, ManifestFile manifest)
    {
        var entries = new PlanEntry[manifest.Circuits.Count];
        InParallel(entries.Length, i => entries[i] = PlanOne(registry, manifest.Circuits[i]));
        return new ReleasePlan(entries, Duplicates(manifest));
    }

    // Each circuit reads its own index and keeps only its verdict: holding all 100,000 index entries until the end made
    // them survive into older GC generations, which cost more than reading them (docs/benchmarks.md).
    private static object ResolveOne(IModelRegistry registry, ManifestEntry circuit, bool production)
    {
        var versions = registry.FindVersions(circuit.ModelName);
        VersionSummary? best = null;
        var anyForHash = false;
        foreach (var version in versions)
        {
            if (version.ConfigHash != circuit.ConfigHash)
            {
                continue;
            }

            anyForHash = true;
            if ((!production || version.ProductionReady) && (best is null || version.Version.CompareTo(best.Version) > 0))
            {
                best = version;
            }
        }

        if (best is not null)
        {
            return new ResolvedModel(circuit.ModelName, circuit.ConfigHash, best);
        }

        var reason = versions.Count == 0 ? "no versions registered"
            : anyForHash ? "trained from this config, but no version is signed off for production"
            : "no version trained from the current config";
        return new MissingModel(circuit.ModelName, circuit.ConfigHash, reason);
    }

    private static PlanEntry PlanOne(IModelRegistry registry, ManifestEntry circuit)
    {
        var versions = registry.FindVersions(circuit.ModelName);
        VersionSummary? candidate = null;
        foreach (var version in versions)
        {
            if (version.ConfigHash == circuit.ConfigHash && (candidate is null || version.Version.CompareTo(candidate.Version) > 0))
            {
                candidate = version;
            }
        }

        var latest = versions.Count == 0 ? null : registry.GetLatest(circuit.ModelName);
        var latestHash = latest is { } l ? versions.FirstOrDefault(v => v.Version.Equals(l))?.ConfigHash : null;
        var status = candidate is null ? PlanStatus.NeedsTraining
            : latest is { } current && current.Equals(candidate.Version) ? PlanStatus.UpToDate
            : PlanStatus.Deployable;
        return new PlanEntry(circuit.ModelName, circuit.ConfigHash, status, candidate?.Version, candidate?.ProductionReady ?? false, latest, latestHash);
    }

    // Parallel.For, reporting the first failure itself (a LineageException with its code) rather than an AggregateException.
    private static void InParallel(int count, Action<int> body)
    {
        try
        {
            Parallel.For(0, count, body);
        }
        catch (AggregateException ex)
        {
            ExceptionDispatchInfo.Capture(ex.Flatten().InnerExceptions[0]).Throw();
            throw;
        }
    }

    /// <summary>Config hashes that more than one circuit of the manifest has.</summary>
    public static IReadOnlyList<DuplicateHash> Duplicates(ManifestFile manifest) =>
        manifest.Circuits
            .GroupBy(c => c.ConfigHash, StringComparer.Ordinal)
            .Select(g => new DuplicateHash(g.Key, g.Select(c => c.ModelName).Distinct(StringComparer.Ordinal).ToList()))
            .Where(d => d.ModelNames.Count > 1)
            .ToList();
}
