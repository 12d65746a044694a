using System;
using System.Collections.Generic;
using System.IO;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Export;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Metrics;
using Lineage.Retraining.Notifications;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Runners;
using Lineage.Retraining.Triggers;

namespace Lineage.Retraining;

/// <summary>
/// The retraining pipeline put together for one registry and policy, as the <c>lineage retrain</c> commands and the
/// MSBuild retrain targets both use it: the job store, the runners, the metrics sources, the drift evaluator,
/// notifications and the metrics export.
/// </summary>
public sealed class RetrainHost : IDisposable
{
    /// <summary>The Pushgateway job name the metrics are pushed under.</summary>
    public const string PushgatewayJob = "lineage_retrain";

    private readonly Dictionary<string, IMetricsSource> _sources = new(StringComparer.Ordinal);
    private readonly IRetrainNotifier? _notifier;
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
        _notifier = SlackWebhookNotifier.FromPolicyOrEnvironment(policy.Notifications.SlackWebhook, new SlackWebhookOptions { FailureLog = progress });
        Pipeline = new RetrainPipeline(policy, Registry, Jobs, RunnerFor, _notifier, null, MetricsSource, progress);
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
    public TriggerEvaluator Evaluator() => new(Registry, Jobs, MetricsSource);

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

    /// <summary>
    /// Writes the job metrics where the policy says (a node_exporter textfile, a Pushgateway). A failed export is a
    /// warning: the job records it describes are already safe.
    /// </summary>
    public void Export()
    {
        var export = Policy.Export;
        if (export.Textfile is null && export.Pushgateway is null)
        {
            return;
        }

        var jobs = Jobs.List();
        try
        {
            if (export.Textfile is not null)
            {
                RetrainMetricsExporter.WriteTextfile(export.Textfile, jobs);
            }

            if (export.Pushgateway is not null)
            {
                RetrainMetricsExporter.PushAsync(new PushgatewayClient(export.Pushgateway), PushgatewayJob, jobs).GetAwaiter().GetResult();
            }
        }
        catch (LineageException ex)
        {
            _progress.WriteLine("warning: job metrics not exported: " + ex.ToDisplayString());
        }
    }

    /// <inheritdoc/>
    public void Dispose()
    {
        foreach (var source in _sources.Values)
        {
            (source as IDisposable)?.Dispose();
        }

        foreach (var runner in _runners.Values)
        {
            (runner as IDisposable)?.Dispose();
        }

        (_notifier as IDisposable)?.Dispose();
    }

    private IJobRunner RunnerFor(ModelPolicy model)
    {
        var name = model.Training.Runner;
        var k8s = model.Training.Kubernetes;

        // One runner per distinct setting: models may train in different namespaces or images.
        var key = name == "local" ? name : string.Join("\n", name, k8s.Kubeconfig, k8s.Namespace, k8s.Image, k8s.ServiceAccount);
        if (_runners.TryGetValue(key, out var runner))
        {
            return runner;
        }

        runner = name switch
        {
            "local" => new LocalProcessRunner(Jobs.LogFolder),
            _ when _runnerFactories.TryGetValue(name, out var factory) => factory(model),
            _ => throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"runner '{name}' is not available here; the kubernetes runner comes with the lineage tool (dotnet tool install Lineage.Cli)"),
        };
        _runners[key] = runner;
        return runner;
    }

    private IMetricsSource MetricsSource(string location)
    {
        if (!_sources.TryGetValue(location, out var source))
        {
            source = MetricsSources.Create(location, null, Policy.BaseDirectory);
            _sources[location] = source;
        }

        return source;
    }
}
