using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;

namespace Lineage.Retraining.Metrics;

/// <summary>One row of a metrics file: a value of one metric of one model at one time.</summary>
public readonly struct MetricRecord
{
    /// <summary>Creates a record.</summary>
    public MetricRecord(DateTimeOffset time, string modelName, string metric, double value, int line)
    {
        Time = time;
        ModelName = modelName;
        Metric = metric;
        Value = value;
        Line = line;
    }

    /// <summary>When it was observed.</summary>
    public DateTimeOffset Time { get; }

    /// <summary>The model.</summary>
    public string ModelName { get; }

    /// <summary>The metric.</summary>
    public string Metric { get; }

    /// <summary>The value (<c>NaN</c> and infinities allowed, as Prometheus has them).</summary>
    public double Value { get; }

    /// <summary>The 1-based line of the row in its file.</summary>
    public int Line { get; }
}

/// <summary>
/// A metrics source on a file, read on every query (so a file rewritten by an exporter between two trigger checks is
/// seen). Rows are matched on model and metric exactly (ordinal); <see cref="MetricQuery.Expression"/> does not apply
/// to files and is ignored.
/// </summary>
public abstract class FileMetricsSource : IMetricsSource
{
    /// <summary>Creates a source on <paramref name="path"/> (made absolute).</summary>
    protected FileMetricsSource(string path)
    {
        if (string.IsNullOrWhiteSpace(path))
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsSource, "the metrics file path is empty");
        }

        Path = System.IO.Path.GetFullPath(path);
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>Every row of the file, in file order.</summary>
    /// <exception cref="LineageException">LIN0565 with the file and line of the first bad row, or when the file cannot be read.</exception>
    public IReadOnlyList<MetricRecord> ReadAll()
    {
        byte[] bytes;
        try
        {
            bytes = File.ReadAllBytes(Path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(DiagnosticCodes.InvalidMetricsFile, $"cannot read the metrics file: {ex.Message}", Path, inner: ex);
        }

        return Parse(bytes);
    }

    /// <inheritdoc/>
    /// <exception cref="LineageException">As <see cref="ReadAll"/>.</exception>
    public Task<IReadOnlyList<MetricSample>> QueryAsync(MetricQuery query, CancellationToken cancellationToken = default)
    {
        if (query is null)
        {
            throw new ArgumentNullException(nameof(query));
        }

        cancellationToken.ThrowIfCancellationRequested();
        IReadOnlyList<MetricSample> samples = ReadAll()
            .Where(r => r.ModelName == query.ModelName && r.Metric == query.Metric && r.Time >= query.From && r.Time <= query.To)
            .OrderBy(r => r.Time) // stable: rows at one time keep file order
            .Select(r => new MetricSample(r.Time, r.Value))
            .ToList();
        return Task.FromResult(samples);
    }

    /// <summary>Parses the file's bytes; errors are <see cref="LineageException"/> LIN0565 with <see cref="Path"/> and a line.</summary>
    protected abstract IReadOnlyList<MetricRecord> Parse(byte[] bytes);

    /// <summary>A LIN0565 error at <paramref name="line"/> of this file.</summary>
    protected LineageException Error(int line, string message, int column = 0) =>
        new(DiagnosticCodes.InvalidMetricsFile, message, Path, line, column);
}
