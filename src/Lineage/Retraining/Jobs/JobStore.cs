using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Security.Cryptography;
using Lineage.Core.Diagnostics;
using Lineage.Core.IO;
using Lineage.Registry;

namespace Lineage.Retraining.Jobs;

/// <summary>Which jobs to list.</summary>
public sealed class JobFilter
{
    /// <summary>Only this model's jobs, or all.</summary>
    public string? ModelName { get; set; }

    /// <summary>Only jobs in this status, or all.</summary>
    public JobStatus? Status { get; set; }

    /// <summary>Only jobs started by this trigger, or all.</summary>
    public TriggerKind? Trigger { get; set; }

    /// <summary>Only jobs created at or after this time.</summary>
    public DateTimeOffset? Since { get; set; }

    /// <summary>At most this many (newest first); 0 for all.</summary>
    public int Limit { get; set; }
}

/// <summary>
/// Retraining jobs as one JSON file each, next to the registry: <c>&lt;registry&gt;/retrain_jobs/&lt;job id&gt;.json</c>.
/// Every change is a read-modify-write under <c>.lineage/retrain.lock</c> (an OS file lock, released when a process
/// dies) and lands with an atomic rename, so concurrent processes never lose an update and a killed one never leaves
/// half a file. Status moves are checked against <see cref="JobStatuses.CanMove"/> and recorded in the job's history.
/// </summary>
public sealed class JobStore
{
    /// <summary>The jobs folder's name inside the registry.</summary>
    public const string FolderName = "retrain_jobs";

    private readonly TimeSpan _lockTimeout;

    /// <summary>Opens (does not create) the store of the registry at <paramref name="registryRoot"/>.</summary>
    public JobStore(string registryRoot, TimeSpan? lockTimeout = null)
    {
        RegistryRoot = Path.GetFullPath(registryRoot);
        Folder = Path.Combine(RegistryRoot, FolderName);
        LogFolder = Path.Combine(Folder, "logs");
        _lockTimeout = lockTimeout ?? TimeSpan.FromSeconds(30);
    }

    /// <summary>The registry folder.</summary>
    public string RegistryRoot { get; }

    /// <summary>Where job files are.</summary>
    public string Folder { get; }

    /// <summary>Where training logs go.</summary>
    public string LogFolder { get; }

    /// <summary>A new, unique, time-ordered job id.</summary>
    public static string NewJobId(DateTimeOffset now)
    {
        var random = new byte[4];
        using (var rng = RandomNumberGenerator.Create())
        {
            rng.GetBytes(random);
        }

        return "rt-" + now.UtcDateTime.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture) + "-" + BitConverter.ToString(random).Replace("-", string.Empty).ToLowerInvariant();
    }

    /// <summary>
    /// Records a new pending job. Refused (<see cref="DiagnosticCodes.JobAlreadyActive"/>) when the model has a job
    /// that has not finished, unless <paramref name="allowConcurrent"/>: two trainings of one model would race to deploy.
    /// </summary>
    public RetrainJob Create(string modelName, TriggerKind trigger, string reason, DateTimeOffset now, bool allowConcurrent = false, Action<RetrainJob>? configure = null)
    {
        RegistryNames.ValidateModelName(modelName);
        if (string.IsNullOrWhiteSpace(reason))
        {
            throw new LineageException(DiagnosticCodes.InvalidJobTransition, "a retraining job needs a reason");
        }

        using var _ = Lock();
        if (!allowConcurrent)
        {
            var active = ReadAll().FirstOrDefault(j => j.ModelName == modelName && !JobStatuses.IsFinal(j.Status));
            if (active is not null)
            {
                throw new LineageException(
                    DiagnosticCodes.JobAlreadyActive,
                    $"{modelName} already has retraining job {active.JobId} ({JobStatuses.ToName(active.Status)}, since {Format(active.UpdatedAt)}); wait for it, or mark it failed with 'lineage retrain status {active.JobId} --fail \"<reason>\"'");
            }
        }

        var job = new RetrainJob
        {
            JobId = NewJobId(now),
            ModelName = modelName,
            Trigger = trigger,
            Reason = reason,
            Status = JobStatus.Pending,
            CreatedAt = now,
            UpdatedAt = now,
        };
        job.History.Add(new JobTransition(JobStatus.Pending, now, reason));
        configure?.Invoke(job);
        Write(job);
        return job;
    }

    /// <summary>The job, or a <see cref="DiagnosticCodes.JobNotFound"/> error.</summary>
    public RetrainJob Get(string jobId)
    {
        var path = PathOf(jobId);
        if (!File.Exists(path))
        {
            throw new LineageException(DiagnosticCodes.JobNotFound, $"no retraining job '{jobId}' in {Folder}; 'lineage retrain list' shows the jobs");
        }

        return JobJson.Read(File.ReadAllBytes(path), path);
    }

    /// <summary>Jobs matching <paramref name="filter"/>, newest first.</summary>
    public IReadOnlyList<RetrainJob> List(JobFilter? filter = null)
    {
        filter ??= new JobFilter();
        IEnumerable<RetrainJob> jobs = ReadAll()
            .Where(j => filter.ModelName is null || j.ModelName == filter.ModelName)
            .Where(j => filter.Status is null || j.Status == filter.Status)
            .Where(j => filter.Trigger is null || j.Trigger == filter.Trigger)
            .Where(j => filter.Since is null || j.CreatedAt >= filter.Since)
            .OrderByDescending(j => j.CreatedAt)
            .ThenByDescending(j => j.JobId, StringComparer.Ordinal);
        if (filter.Limit > 0)
        {
            jobs = jobs.Take(filter.Limit);
        }

        return jobs.ToList();
    }

    /// <summary>
    /// Changes a job under the lock: <paramref name="change"/> edits a fresh copy; a new <see cref="RetrainJob.Status"/>
    /// must be an allowed move, and is added to the history with <paramref name="message"/>.
    /// </summary>
    public RetrainJob Update(string jobId, DateTimeOffset now, Action<RetrainJob> change, string? message = null)
    {
        using var _ = Lock();
        var job = Get(jobId);
        var before = job.Status;
        change(job);
        if (job.Status != before)
        {
            if (!JobStatuses.CanMove(before, job.Status))
            {
                throw new LineageException(
                    DiagnosticCodes.InvalidJobTransition,
                    $"job {jobId} is {JobStatuses.ToName(before)} and cannot become {JobStatuses.ToName(job.Status)} (allowed: {Allowed(before)})");
            }

            job.History.Add(new JobTransition(job.Status, now, message));
            if (job.Status == JobStatus.Running && job.StartedAt is null)
            {
                job.StartedAt = now;
            }

            if (JobStatuses.IsFinal(job.Status))
            {
                job.FinishedAt = now;
            }
        }

        job.UpdatedAt = now;
        Write(job);
        return job;
    }

    /// <summary>Moves a job to <paramref name="status"/>; see <see cref="Update"/>.</summary>
    public RetrainJob Move(string jobId, JobStatus status, DateTimeOffset now, string? message = null, Action<RetrainJob>? change = null) =>
        Update(jobId, now, job =>
        {
            change?.Invoke(job);
            job.Status = status;
            if (status == JobStatus.Failed && message is not null)
            {
                job.ErrorMessage = message;
            }
        }, message);

    private static string Allowed(JobStatus from)
    {
        var allowed = Enum.GetValues(typeof(JobStatus)).Cast<JobStatus>().Where(to => JobStatuses.CanMove(from, to)).Select(JobStatuses.ToName).ToList();
        return allowed.Count == 0 ? "none: it is final" : string.Join(", ", allowed);
    }

    private IEnumerable<RetrainJob> ReadAll()
    {
        if (!Directory.Exists(Folder))
        {
            yield break;
        }

        foreach (var path in Directory.EnumerateFiles(Folder, "rt-*.json"))
        {
            yield return JobJson.Read(File.ReadAllBytes(path), path);
        }
    }

    private void Write(RetrainJob job)
    {
        Directory.CreateDirectory(Folder);
        AtomicFile.Write(PathOf(job.JobId), JobJson.Write(job));
    }

    private string PathOf(string jobId)
    {
        // Ids come from the command line: only our own shape may name a file, never a path.
        if (jobId.Length is < 4 or > 64 || !jobId.StartsWith("rt-", StringComparison.Ordinal) || jobId.Any(c => !(c is (>= 'a' and <= 'z') or (>= '0' and <= '9') or '-')))
        {
            throw new LineageException(DiagnosticCodes.JobNotFound, $"'{jobId}' is not a retraining job id (they look like rt-20261123184500-1a2b3c4d)");
        }

        return Path.Combine(Folder, jobId + ".json");
    }

    private IDisposable Lock()
    {
        var privateFolder = Path.Combine(RegistryRoot, FileSystemRegistry.PrivateFolder);
        if (!Directory.Exists(RegistryRoot))
        {
            throw new LineageException(DiagnosticCodes.NoRegistry, $"the registry {RegistryRoot} does not exist; promote a first model or create the folder");
        }

        Directory.CreateDirectory(privateFolder);
        return RegistryLock.Acquire(Path.Combine(privateFolder, "retrain.lock"), _lockTimeout);
    }

    private static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
