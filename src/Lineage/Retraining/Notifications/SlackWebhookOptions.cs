using System;
using System.IO;

namespace Lineage.Retraining.Notifications;

/// <summary>Where and how <see cref="SlackWebhookNotifier"/> posts.</summary>
public sealed class SlackWebhookOptions
{
    /// <summary>The incoming-webhook URL (a secret: it is never written to messages, only its host).</summary>
    public Uri? WebhookUrl { get; set; }

    /// <summary>How long one post may take.</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The wait before the one retry when the answer (5xx, 429) has no <c>Retry-After</c>, and after a connection failure.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The longest <c>Retry-After</c> honored; asked to wait longer, the notifier does not retry and reports the
    /// failure, so a notification never holds a retraining run up for long.
    /// </summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Called with a one-line warning (<c>LIN0567: ...</c>, URL redacted) when a notification was not delivered.</summary>
    public Action<string>? OnDeliveryFailure { get; set; }

    /// <summary>Where the same warning is written as <c>warning LIN0567: ...</c> (the CLI's standard error), or <c>null</c>.</summary>
    public TextWriter? FailureLog { get; set; }
}
