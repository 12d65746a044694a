using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Linq;
using System.Net;
using System.Threading;
using System.Threading.Tasks;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Kubernetes;

/// <summary>One Lineage Job found by <see cref="KubernetesJobRunner.ListJobsAsync"/>.</summary>
public sealed class KubernetesJobInfo
{
    internal KubernetesJobInfo(string jobId, string modelName, string @namespace, DateTimeOffset? createdAt, RunStatus status)
    {
        JobId = jobId;
        ModelName = modelName;
        Namespace = @namespace;
        CreatedAt = createdAt;
        Status = status;
    }

    /// <summary>The Lineage job id (from the Job's annotation).</summary>
    public string JobId { get; }

    /// <summary>The model (from the Job's annotation).</summary>
    public string ModelName { get; }

    /// <summary>The Kubernetes Job's name (also <see cref="RunStatus.ExternalId"/>).</summary>
    public string JobName => Status.ExternalId;

    /// <summary>The namespace it is in.</summary>
    public string Namespace { get; }

    /// <summary>When the Job was created.</summary>
    public DateTimeOffset? CreatedAt { get; }

    /// <summary>Its status, mapped as <see cref="KubernetesJobRunner.GetStatusAsync"/> maps it.</summary>
    public RunStatus Status { get; }
}

/// <summary>
/// Runs a training as a Kubernetes <c>batch/v1</c> Job: one pod, <c>restartPolicy: Never</c>, the request's command
/// and environment in the configured image, <c>activeDeadlineSeconds</c> from the request's timeout. The Job is named
/// after the job id (<see cref="KubernetesNames.JobName"/>), so submitting again finds the first Job instead of
/// starting a second training. See docs/kubernetes.md.
/// </summary>
public sealed class KubernetesJobRunner : IJobRunner, IDisposable
{
    private const int MaxWatchFailuresInARow = 3;

    private readonly KubernetesRunnerOptions _options;
    private readonly k8s.Kubernetes _client;
    private readonly string _server;

    /// <summary>Creates a runner; no request is made until the first call.</summary>
    /// <exception cref="LineageException">LIN0541 for invalid options, LIN0540 for an unusable kubeconfig.</exception>
    public KubernetesJobRunner(KubernetesRunnerOptions options)
    {
        _options = options ?? throw new ArgumentNullException(nameof(options));
        options.Validate();
        _client = KubernetesClientFactory.Create(options);
        _server = _client.BaseUri.GetLeftPart(UriPartial.Authority);
    }

    /// <inheritdoc />
    public string Name => "kubernetes";

    /// <summary>The namespace the runner's Jobs are in.</summary>
    public string Namespace => _options.Namespace;

    /// <inheritdoc />
    /// <remarks>
    /// A Job of the same name that belongs to the same job id (annotation <c>lineage.build/job-id</c>) is returned as it
    /// is (HTTP 409 from the API server is the expected answer on resubmission); one of another job id is LIN0546.
    /// </remarks>
    public async Task<RunStatus> SubmitAsync(TrainingRequest request, CancellationToken cancellationToken = default)
    {
        if (request is null)
        {
            throw new ArgumentNullException(nameof(request));
        }

        var job = BuildJob(request);
        var what = $"create Job {job.Metadata.Name} in namespace '{Namespace}'";
        try
        {
            var created = await _client.BatchV1.CreateNamespacedJobAsync(job, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
            return JobStatusMapper.Map(created);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.Conflict)
        {
            // Resubmission: the Job exists. It counts as ours only when it carries this job id.
            var existing = await ReadAsync(job.Metadata.Name, what, cancellationToken).ConfigureAwait(false)
                ?? throw new LineageException(DiagnosticCodes.KubernetesApiError, $"{what}: the API server answered 409 AlreadyExists but the Job is gone; submit again");
            return JobStatusMapper.Map(EnsureOwned(existing, request.JobId));
        }
        catch (Exception e) when (KubernetesErrors.Translate(e, what, _server, Namespace, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    /// <inheritdoc />
    /// <remarks>
    /// <c>Complete</c> is <see cref="RunState.Succeeded"/>, <c>Failed</c> is <see cref="RunState.Failed"/> with the
    /// condition's reason and message, active pods are <see cref="RunState.Running"/>, anything else
    /// <see cref="RunState.Pending"/>. LIN0547 when there is no Job for the id.
    /// </remarks>
    public async Task<RunStatus> GetStatusAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var job = await ReadOwnedAsync(jobId, cancellationToken).ConfigureAwait(false);
        return JobStatusMapper.Map(job);
    }

    /// <inheritdoc />
    /// <remarks>
    /// Follows the Job with a watch (field selector on its name, from the resource version just read), so a finished Job
    /// is seen at once; when the watch fails or drops, the Job is read again and watched anew, and after
    /// three failed watches in a row it is read every <see cref="KubernetesRunnerOptions.PollInterval"/> instead. After the
    /// first read, an unreachable server (LIN0542) is retried until the timeout rather than thrown.
    /// <see cref="Timeout.InfiniteTimeSpan"/> waits without a limit.
    /// </remarks>
    public async Task<RunStatus> WaitAsync(string jobId, TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        if (timeout < TimeSpan.Zero && timeout != Timeout.InfiniteTimeSpan)
        {
            throw new ArgumentOutOfRangeException(nameof(timeout), timeout, "The timeout cannot be negative.");
        }

        var infinite = timeout == Timeout.InfiniteTimeSpan;
        var clock = Stopwatch.StartNew();
        TimeSpan Remaining() => infinite ? TimeSpan.MaxValue : timeout - clock.Elapsed;

        var job = await ReadOwnedAsync(jobId, cancellationToken).ConfigureAwait(false);
        var status = JobStatusMapper.Map(job);
        var watchFailures = 0;
        while (!status.IsFinished && Remaining() > TimeSpan.Zero)
        {
            if (watchFailures < MaxWatchFailuresInARow)
            {
                using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                // CancelAfter takes at most about 49 days; beyond that the watch's own 30-minute end brings the loop back here.
                if (!infinite && Remaining() < TimeSpan.FromDays(30))
                {
                    deadline.CancelAfter(Remaining());
                }

                var started = clock.Elapsed;
                var sawEvent = false;
                try
                {
                    var watch = new JobWatch(_client, Namespace, job.Metadata.Name);
                    await foreach (var change in watch.WatchAsync(job.Metadata.ResourceVersion, Remaining(), deadline.Token).ConfigureAwait(false))
                    {
                        sawEvent = true;
                        if (change.Type == "DELETED")
                        {
                            throw new LineageException(DiagnosticCodes.KubernetesJobNotFound, $"Job {job.Metadata.Name} in namespace '{Namespace}' was deleted while waiting for job {jobId}");
                        }

                        job = EnsureOwned(change.Job, jobId);
                        status = JobStatusMapper.Map(job);
                        if (status.IsFinished)
                        {
                            return status;
                        }
                    }

                    // The server ended the watch (its timeout, or 410 Gone after compaction): read and watch again.
                    // A watch that ends at once without news counts as a failure, so a broken proxy cannot make this spin.
                    watchFailures = sawEvent || clock.Elapsed - started > TimeSpan.FromSeconds(1) ? 0 : watchFailures + 1;
                }
                catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested && deadline.IsCancellationRequested)
                {
                    return status; // the timeout passed: the last status, not finished
                }
                catch (Exception e) when (e is not LineageException { Code: DiagnosticCodes.KubernetesJobNotFound or DiagnosticCodes.KubernetesJobConflict }
                    && !cancellationToken.IsCancellationRequested)
                {
                    // Any other watch failure (a dropped connection, a proxy without streaming, no watch permission):
                    // fall back to reading the Job.
                    watchFailures++;
                    await DelayAsync(Remaining(), cancellationToken).ConfigureAwait(false);
                }
            }
            else
            {
                await DelayAsync(Remaining(), cancellationToken).ConfigureAwait(false);
            }

            if (Remaining() <= TimeSpan.Zero)
            {
                break;
            }

            try
            {
                job = await ReadOwnedAsync(jobId, cancellationToken).ConfigureAwait(false);
                status = JobStatusMapper.Map(job);
            }
            catch (LineageException e) when (e.Code == DiagnosticCodes.KubernetesUnreachable && !cancellationToken.IsCancellationRequested)
            {
                // A network blip during a long wait is not the training's failure: keep the last status and try again
                // (a server that stays away ends the wait at its timeout, not finished). Only the first read fails fast.
                await DelayAsync(Remaining(), cancellationToken).ConfigureAwait(false);
            }
        }

        return status;
    }

    /// <summary>
    /// The Lineage Jobs in the namespace, newest first: those of <paramref name="modelName"/> (label
    /// <c>lineage.build/model</c>, then the exact name from its annotation), or all with a <c>lineage.build/job-id</c>
    /// label when it is <c>null</c>.
    /// </summary>
    public async Task<IReadOnlyList<KubernetesJobInfo>> ListJobsAsync(string? modelName = null, CancellationToken cancellationToken = default)
    {
        var selector = modelName is null ? KubernetesNames.JobIdKey : $"{KubernetesNames.ModelKey}={KubernetesNames.LabelValue(modelName)}";
        var what = $"list Jobs ({selector}) in namespace '{Namespace}'";
        var found = new List<KubernetesJobInfo>();
        string? continueToken = null;
        try
        {
            do
            {
                var page = await _client.BatchV1.ListNamespacedJobAsync(Namespace, continueParameter: continueToken, labelSelector: selector, limit: 500, cancellationToken: cancellationToken).ConfigureAwait(false);
                foreach (var job in page.Items)
                {
                    var annotations = job.Metadata.Annotations;
                    if (annotations is null
                        || !annotations.TryGetValue(KubernetesNames.JobIdKey, out var jobId)
                        || !annotations.TryGetValue(KubernetesNames.ModelKey, out var model)
                        || (modelName is not null && !string.Equals(model, modelName, StringComparison.Ordinal)))
                    {
                        continue; // not made by this runner, or another model whose label value collides
                    }

                    found.Add(new KubernetesJobInfo(jobId, model, Namespace, JobStatusMapper.Utc(job.Metadata.CreationTimestamp), JobStatusMapper.Map(job)));
                }

                continueToken = page.Metadata?.ContinueProperty;
            }
            while (!string.IsNullOrEmpty(continueToken));
        }
        catch (Exception e) when (KubernetesErrors.Translate(e, what, _server, Namespace, cancellationToken) is { } error)
        {
            throw error;
        }

        return found
            .OrderByDescending(j => j.CreatedAt ?? DateTimeOffset.MinValue)
            .ThenByDescending(j => j.JobId, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>
    /// Deletes the Job of <paramref name="jobId"/> and its pods (background propagation): cleanup after the result was
    /// recorded, or to stop a training. <c>false</c> when there was no Job; LIN0546 when the Job of that name is not this job's.
    /// </summary>
    public async Task<bool> DeleteAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var name = KubernetesNames.JobName(RequireJobId(jobId));
        var what = $"delete Job {name} in namespace '{Namespace}'";
        var job = await ReadAsync(name, what, cancellationToken).ConfigureAwait(false);
        if (job is null)
        {
            return false;
        }

        EnsureOwned(job, jobId);
        try
        {
            // The uid precondition: never delete a Job that replaced the one just checked.
            var options = new V1DeleteOptions { PropagationPolicy = "Background", Preconditions = new V1Preconditions { Uid = job.Metadata.Uid } };
            await _client.BatchV1.DeleteNamespacedJobAsync(name, Namespace, options, cancellationToken: cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound && ApiStatus.From(e.Response.StatusCode, e.Response.Content).DetailsKind != "namespaces")
        {
            return false;
        }
        catch (Exception e) when (KubernetesErrors.Translate(e, what, _server, Namespace, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    /// <summary>Releases the HTTP client.</summary>
    public void Dispose() => _client.Dispose();

    /// <summary>The Job the runner creates for <paramref name="request"/> (not sent); LIN0541 for an invalid request.</summary>
    internal V1Job BuildJob(TrainingRequest request)
    {
        var jobId = RequireJobId(request.JobId);
        if (string.IsNullOrWhiteSpace(request.ModelName))
        {
            throw new LineageException(DiagnosticCodes.KubernetesRunnerOptionsInvalid, $"job {jobId}: the training request has no model name");
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KubernetesNames.JobIdKey] = KubernetesNames.LabelValue(jobId),
            [KubernetesNames.ModelKey] = KubernetesNames.LabelValue(request.ModelName),
            [KubernetesNames.ManagedByKey] = KubernetesNames.ManagedByValue,
        };
        var annotations = new Dictionary<string, string>(StringComparer.Ordinal)
        {
            [KubernetesNames.JobIdKey] = jobId,
            [KubernetesNames.ModelKey] = request.ModelName,
        };
        var container = new V1Container
        {
            Name = _options.ContainerName,
            Image = _options.Image,
            ImagePullPolicy = _options.ImagePullPolicy,
            Command = request.Command.Count == 0 ? null : request.Command.ToList(),
            Env = request.Environment
                .OrderBy(e => e.Key, StringComparer.Ordinal)
                .Select(e => new V1EnvVar { Name = e.Key, Value = e.Value })
                .ToList(),
            Resources = Resources(),
        };

        return new V1Job
        {
            ApiVersion = "batch/v1",
            Kind = "Job",
            Metadata = new V1ObjectMeta
            {
                Name = KubernetesNames.JobName(jobId),
                NamespaceProperty = Namespace,
                Labels = labels,
                Annotations = annotations,
            },
            Spec = new V1JobSpec
            {
                BackoffLimit = _options.BackoffLimit,
                TtlSecondsAfterFinished = _options.TtlSecondsAfterFinished,
                ActiveDeadlineSeconds = DeadlineSeconds(request.Timeout),
                Template = new V1PodTemplateSpec
                {
                    Metadata = new V1ObjectMeta { Labels = new Dictionary<string, string>(labels), Annotations = new Dictionary<string, string>(annotations) },
                    Spec = new V1PodSpec
                    {
                        RestartPolicy = "Never",
                        ServiceAccountName = _options.ServiceAccountName,
                        Containers = new List<V1Container> { container },
                    },
                },
            },
        };
    }

    // The request's timeout, rounded up to whole seconds; none for a zero, negative or infinite timeout.
    private static long? DeadlineSeconds(TimeSpan timeout) =>
        timeout <= TimeSpan.Zero || timeout == Timeout.InfiniteTimeSpan ? null : (long)Math.Ceiling(timeout.TotalSeconds);

    private static string RequireJobId(string? jobId) =>
        string.IsNullOrWhiteSpace(jobId)
            ? throw new LineageException(DiagnosticCodes.KubernetesRunnerOptionsInvalid, "the training request has no job id")
            : jobId;

    private V1ResourceRequirements? Resources()
    {
        if (_options.ResourceRequests.Count == 0 && _options.ResourceLimits.Count == 0)
        {
            return null;
        }

        return new V1ResourceRequirements
        {
            Requests = Quantities(_options.ResourceRequests, "request"),
            Limits = Quantities(_options.ResourceLimits, "limit"),
        };
    }

    private static Dictionary<string, ResourceQuantity>? Quantities(IDictionary<string, string> values, string kind)
    {
        if (values.Count == 0)
        {
            return null;
        }

        var result = new Dictionary<string, ResourceQuantity>(StringComparer.Ordinal);
        foreach (var (name, value) in values)
        {
            try
            {
                var quantity = new ResourceQuantity(value);
                _ = quantity.ToDecimal(); // parses it: an invalid quantity fails here, not at the API server
                result[name] = quantity;
            }
            catch (Exception e) when (e is FormatException or ArgumentException or OverflowException)
            {
                throw new LineageException(DiagnosticCodes.KubernetesRunnerOptionsInvalid, $"resource {kind} {name}: '{value}' is not a Kubernetes quantity (like 500m, 2, 8Gi)", inner: e);
            }
        }

        return result;
    }

    private async Task<V1Job> ReadOwnedAsync(string jobId, CancellationToken cancellationToken)
    {
        var name = KubernetesNames.JobName(RequireJobId(jobId));
        var job = await ReadAsync(name, $"read Job {name} in namespace '{Namespace}'", cancellationToken).ConfigureAwait(false)
            ?? throw new LineageException(
                DiagnosticCodes.KubernetesJobNotFound,
                $"no Kubernetes Job {name} for job {jobId} in namespace '{Namespace}' on {_server} (not submitted there, deleted, or removed by ttlSecondsAfterFinished)");
        return EnsureOwned(job, jobId);
    }

    // The Job, or null when it does not exist.
    private async Task<V1Job?> ReadAsync(string name, string what, CancellationToken cancellationToken)
    {
        try
        {
            return await _client.BatchV1.ReadNamespacedJobAsync(name, Namespace, cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e) when (e.Response?.StatusCode == HttpStatusCode.NotFound && ApiStatus.From(e.Response.StatusCode, e.Response.Content).DetailsKind != "namespaces")
        {
            return null;
        }
        catch (Exception e) when (KubernetesErrors.Translate(e, what, _server, Namespace, cancellationToken) is { } error)
        {
            throw error;
        }
    }

    private V1Job EnsureOwned(V1Job job, string jobId)
    {
        string? owner = null;
        if (job.Metadata.Annotations?.TryGetValue(KubernetesNames.JobIdKey, out owner) == true && string.Equals(owner, jobId, StringComparison.Ordinal))
        {
            return job;
        }

        var whose = owner is null ? "was not created by Lineage (no lineage.build/job-id annotation)" : $"belongs to job {owner}";
        throw new LineageException(
            DiagnosticCodes.KubernetesJobConflict,
            $"Kubernetes Job {job.Metadata.Name} in namespace '{Namespace}' {whose}, not to job {jobId}; delete or rename it, or use another namespace");
    }

    private Task DelayAsync(TimeSpan remaining, CancellationToken cancellationToken)
    {
        var delay = remaining < _options.PollInterval ? remaining : _options.PollInterval;
        return delay > TimeSpan.Zero ? Task.Delay(delay, cancellationToken) : Task.CompletedTask;
    }
}
