using System;
using System.Collections.Generic;

namespace Lineage.Retraining.Metrics;

/// <summary>How <see cref="PrometheusMetricsSource"/> reaches Prometheus and what it asks.</summary>
public sealed class PrometheusMetricsSourceOptions
{
    /// <summary>The default expression template: the metric named after the metric, selected by a <c>model</c> label.</summary>
    public const string DefaultExpressionTemplate = "{metric}{model=\"{model}\"}";

    /// <summary>
    /// The Prometheus server, e.g. <c>http://prometheus:9090</c> (a path prefix such as <c>/prometheus</c> is kept;
    /// <c>http://user:password@host</c> is basic authentication).
    /// </summary>
    public Uri? BaseUrl { get; set; }

    /// <summary>
    /// The PromQL used when a query has no <see cref="MetricQuery.Expression"/>; <c>{model}</c> and <c>{metric}</c> are
    /// replaced, escaped for where they stand (see <see cref="PromQl.Expand"/>).
    /// </summary>
    public string ExpressionTemplate { get; set; } = DefaultExpressionTemplate;

    /// <summary>
    /// The resolution of range queries. Widened when a window would need more than 11,000 points (Prometheus' limit
    /// per series), so a 30-day window at the default 60 s asks for one point every ~4 minutes.
    /// </summary>
    public TimeSpan Step { get; set; } = TimeSpan.FromSeconds(60);

    /// <summary>How long one request may take (connect, query, answer).</summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>A bearer token sent as <c>Authorization: Bearer ...</c>, or <c>null</c>.</summary>
    public string? BearerToken { get; set; }

    /// <summary>The basic-authentication user, or <c>null</c> (then the URL's user info, if any, is used).</summary>
    public string? BasicAuthUser { get; set; }

    /// <summary>The basic-authentication password (with <see cref="BasicAuthUser"/>).</summary>
    public string? BasicAuthPassword { get; set; }

    /// <summary>Extra request headers (a tenant id such as <c>X-Scope-OrgID</c> for Mimir or Thanos, a proxy's header).</summary>
    public IDictionary<string, string> Headers { get; set; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);

    /// <summary>A copy, so a factory can set the URL without changing the caller's options.</summary>
    public PrometheusMetricsSourceOptions Clone() => new()
    {
        BaseUrl = BaseUrl,
        ExpressionTemplate = ExpressionTemplate,
        Step = Step,
        Timeout = Timeout,
        BearerToken = BearerToken,
        BasicAuthUser = BasicAuthUser,
        BasicAuthPassword = BasicAuthPassword,
        Headers = new Dictionary<string, string>(Headers, StringComparer.OrdinalIgnoreCase),
    };
}
