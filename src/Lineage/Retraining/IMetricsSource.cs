using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace Lineage.Retraining;

/// <summary>One observation of a metric.</summary>
public readonly struct MetricSample
{
    /// <summary>Creates a sample.</summary>
    public MetricSample(DateTimeOffset time, double value)
    {
        Time = time;
        Value = value;
    }

    /// <summary>When it was observed.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The value.</summary>
    public double Value { get; }
}

/// <summary>Which samples to read: one metric of one model over a time window.</summary>
public sealed class MetricQuery
{
    /// <summary>The model.</summary>
    public string ModelName { get; set; } = string.Empty;

    /// <summary>The metric (<c>accuracy</c>, <c>f1</c>, ...).</summary>
    public string Metric { get; set; } = string.Empty;

    /// <summary>The window's start (inclusive).</summary>
    public DateTimeOffset From { get; set; }

    /// <summary>The window's end (inclusive).</summary>
    public DateTimeOffset To { get; set; }

    /// <summary>
    /// A source-specific query (for Prometheus a PromQL expression, where <c>{model}</c> and <c>{metric}</c> are
    /// replaced), or <c>null</c> for the source's default.
    /// </summary>
    public string? Expression { get; set; }
}

/// <summary>Where production metrics come from: Prometheus, a JSON or CSV file, your own.</summary>
public interface IMetricsSource
{
    /// <summary>The samples in the window, oldest first; empty when there are none.</summary>
    Task<IReadOnlyList<MetricSample>> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default);
}
