using System;
using System.Collections.Generic;
using System.Linq;
using k8s.Models;

namespace Lineage.Retraining.Kubernetes;

/// <summary>Maps a Job's status onto <see cref="RunStatus"/>.</summary>
internal static class JobStatusMapper
{
    public static RunStatus Map(V1Job job)
    {
        var name = job.Metadata.Name;
        var status = job.Status;
        var started = Utc(status?.StartTime);
        var conditions = (IEnumerable<V1JobCondition>?)status?.Conditions ?? Array.Empty<V1JobCondition>();

        // Only a condition whose status is "True" counts: the Job controller may add one as "False" first.
        var complete = conditions.FirstOrDefault(c => c.Type == "Complete" && IsTrue(c.Status));
        if (complete is not null)
        {
            // A Job completes only when its pod exited 0 (restartPolicy Never, one completion).
            return new RunStatus(RunState.Succeeded, name, Nullable(complete.Message), exitCode: 0, startedAt: started,
                finishedAt: Utc(status?.CompletionTime) ?? Utc(complete.LastTransitionTime));
        }

        var failed = conditions.FirstOrDefault(c => c.Type == "Failed" && IsTrue(c.Status));
        if (failed is not null)
        {
            return new RunStatus(RunState.Failed, name, Describe(failed), startedAt: started, finishedAt: Utc(failed.LastTransitionTime));
        }

        return (status?.Active ?? 0) > 0
            ? new RunStatus(RunState.Running, name, startedAt: started)
            : new RunStatus(RunState.Pending, name, startedAt: started);
    }

    public static DateTimeOffset? Utc(DateTime? time)
    {
        if (time is not { } value)
        {
            return null;
        }

        // Kubernetes times are UTC (RFC 3339 with Z); an unspecified kind is taken as such, not as local time.
        return new DateTimeOffset(value.Kind == DateTimeKind.Unspecified ? DateTime.SpecifyKind(value, DateTimeKind.Utc) : value.ToUniversalTime());
    }

    private static bool IsTrue(string? status) => string.Equals(status, "True", StringComparison.OrdinalIgnoreCase);

    private static string? Nullable(string? text) => string.IsNullOrWhiteSpace(text) ? null : text;

    // "BackoffLimitExceeded: Job has reached the specified backoff limit", or whichever part is there.
    private static string Describe(V1JobCondition condition) => (Nullable(condition.Reason), Nullable(condition.Message)) switch
    {
        ({ } reason, { } message) => $"{reason}: {message}",
        ({ } reason, null) => reason,
        (null, { } message) => message,
        _ => "the Job failed (no reason given)",
    };
}
