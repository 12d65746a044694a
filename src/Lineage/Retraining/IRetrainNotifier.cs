using System.Threading;
using System.Threading.Tasks;

namespace Lineage.Retraining;

/// <summary>What happened to a job, for notifications.</summary>
public enum RetrainEventKind
{
    /// <summary>Training was submitted.</summary>
    Started,

    /// <summary>The job completed (deployed or not).</summary>
    Completed,

    /// <summary>The new model was promoted.</summary>
    Deployed,

    /// <summary>The job failed, or a deployment was refused or failed.</summary>
    Failed,
}

/// <summary>Tells people about jobs (a Slack-compatible webhook, your own). Must not throw for delivery failures it can report itself.</summary>
public interface IRetrainNotifier
{
    /// <summary>Sends one notification about <paramref name="job"/>.</summary>
    Task NotifyAsync(RetrainEventKind kind, RetrainJob job, CancellationToken cancellationToken = default);
}
