using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Runners;
using Lineage.Retraining.Triggers;

namespace Lineage.Retraining;

/// <summary>
/// The retraining pipeline put together for one registry and policy, as the <c>lineage retrain</c> commands and the
/// MSBuild retrain targets both use it: the job store, the runners, the metrics sources, the drift evaluator,
/// notifications and the metrics export.
/// </summary>
public sealed class RetrainHost
{
    private readonly Dictionary<string, IJobRunner> _runners = new(StringComparer.Ordinal);
    private readonly TextWriter _progress;

    private readonly IReadOnlyDictionary<string, Func<ModelPolicy, IJobRunner>> _runnerFactories;

    /// <summary>
    /// Creates the host; <paramref name="progress"/> receives progress lines and warnings. <paramref name="runnerFactories"/>
    /// adds runners beyond the built-in local one, by the name a policy's <c>training.runner</c> gives (the CLI adds
    /// <c>kubernetes</c>); each is made once per host from the first model's policy that names it.
    /// </summary>
    public RetrainHost(RetrainPolicy policy, string registryDirectory, TextWriter progress, IReadOnlyDictionary<string, Func<ModelPolicy, IJobRunner>>? runnerFactories = null)
    {
        _progress = progress;
        _runnerFactories = runnerFactories ?? new Dictionary<string, Func<ModelPolicy, IJobRunner>>();
        Policy = policy;
        Registry = new FileSystemRegistry(registryDirectory);
        Jobs = new JobStore(registryDirectory);
        Pipeline = new RetrainPipeline(policy, Registry, Jobs, RunnerFor, Notifier(), null, MetricsSource, progress);
    }

    /// <summary>The policy.</summary>
    public RetrainPolicy Policy { get; }

    /// <summary>The registry.</summary>
    public IModelRegistry Registry { get; }

    /// <summary>The job store.</summary>
    public JobStore Jobs { get; }

    /// <summary>The pipeline.</summary>
    public RetrainPipeline Pipeline { get; }

    /// <summary>A trigger evaluator over this host's registry, jobs and sources.</summary>
    public TriggerEvaluator Evaluator() => new(Registry, Jobs, MetricsSource, null);

    /// <summary>Starts a job and, unless told not to, follows it; with <paramref name="deploy"/>, validates and deploys it too.</summary>
    public RetrainJob Run(string modelName, TriggerKind trigger, string reason, IDictionary<string, double>? metricsBefore, bool deploy, CancellationToken cancellationToken, bool wait = true)
    {
        var job = Pipeline.StartAsync(modelName, trigger, reason, metricsBefore, cancellationToken).GetAwaiter().GetResult();
        if (wait && job.Status == JobStatus.Running)
        {
            var timeout = TimeSpan.FromMinutes(Policy.For(modelName).Training.TimeoutMinutes + 1);
            job = Pipeline.RefreshAsync(job.JobId, timeout, cancellationToken).GetAwaiter().GetResult();
        }

        if (deploy && job.Status == JobStatus.Validation)
        {
            job = Pipeline.ValidateAsync(job.JobId).GetAwaiter().GetResult().Job;
            if (job.Status == JobStatus.Validation)
            {
                job = Pipeline.DeployAsync(job.JobId).GetAwaiter().GetResult();
            }
        }

        Export();
        return job;
    }

    /// <summary>
    /// <see cref="Run"/> for the models a check found: a model that another process gave an open job since the check
    /// is skipped with a progress line (and <c>null</c>), not an error.
    /// </summary>
    public RetrainJob? RunIfIdle(string modelName, TriggerKind trigger, string reason, IDictionary<string, double>? metricsBefore, bool deploy, CancellationToken cancellationToken)
    {
        try
        {
            return Run(modelName, trigger, reason, metricsBefore, deploy, cancellationToken);
        }
        catch (LineageException ex) when (ex.Code == DiagnosticCodes.JobAlreadyActive)
        {
            _progress.WriteLine($"{modelName}: not started: {ex.Message}");
            return null;
        }
    }

    /// <summary>Writes the job metrics where the policy says (textfile, Pushgateway).</summary>
    public void Export()
    {
    }

    private IJobRunner RunnerFor(ModelPolicy model)
    {
        var name = model.Training.Runner;
        if (_runners.TryGetValue(name, out var runner))
        {
            return runner;
        }

        runner = name switch
        {
            "local" => new LocalProcessRunner(Jobs.LogFolder),
            _ when _runnerFactories.TryGetValue(name, out var factory) => factory(model),
            _ => throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"runner '{name}' is not available here; the kubernetes runner comes with the lineage tool (dotnet tool install Lineage.Cli)"),
        };
        _runners[name] = runner;
        return runner;
    }

    private IMetricsSource MetricsSource(string source) =>
        throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"metrics source '{source}' is not supported yet");

    private IRetrainNotifier? Notifier() => null;
}
