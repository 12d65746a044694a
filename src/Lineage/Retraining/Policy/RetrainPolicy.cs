using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using Cronos;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;

namespace Lineage.Retraining.Policy;

/// <summary>
/// The retraining policy file (<c>retrain.yaml</c>, docs/retraining.md): defaults as in seed 004, per-model overrides,
/// the triggers to combine, how to train, notifications and metrics export. Loaded once, validated completely, with
/// every error naming the file, line and column.
/// </summary>
public sealed class RetrainPolicy
{
    private RetrainPolicy(string source, string baseDirectory, ModelPolicy defaults, IReadOnlyDictionary<string, ModelPolicy> models, NotificationSettings notifications, ExportSettings export)
    {
        Source = source;
        BaseDirectory = baseDirectory;
        Defaults = defaults;
        Models = models;
        Notifications = notifications;
        Export = export;
    }

    /// <summary>The policy file.</summary>
    public string Source { get; }

    /// <summary>The folder relative paths in the policy are resolved against (the policy file's folder).</summary>
    public string BaseDirectory { get; }

    /// <summary>What every model gets unless it says otherwise.</summary>
    public ModelPolicy Defaults { get; }

    /// <summary>The models the policy names, each with the defaults merged in, ordered by name.</summary>
    public IReadOnlyDictionary<string, ModelPolicy> Models { get; }

    /// <summary>Where notifications go.</summary>
    public NotificationSettings Notifications { get; }

    /// <summary>Where job metrics are exported.</summary>
    public ExportSettings Export { get; }

    /// <summary>The policy of <paramref name="modelName"/>: its own section merged over the defaults, or the defaults.</summary>
    public ModelPolicy For(string modelName) =>
        Models.TryGetValue(modelName, out var policy) ? policy : Defaults.WithName(modelName);

    /// <summary>Reads and validates a policy file.</summary>
    public static RetrainPolicy Load(string path)
    {
        var full = System.IO.Path.GetFullPath(path);
        if (!File.Exists(full))
        {
            throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"the retraining policy {path} does not exist; see docs/retraining.md for the format", path);
        }

        return Parse(PyYaml.ReadFile(full), path, System.IO.Path.GetDirectoryName(full)!);
    }

    /// <summary>Parses policy text; relative paths resolve against <paramref name="baseDirectory"/>.</summary>
    public static RetrainPolicy Parse(string yaml, string source, string baseDirectory)
    {
        var root = PyYaml.Load(yaml, source);
        if (root is not PyDict rootMap)
        {
            throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, $"the retraining policy must be a mapping with 'defaults' and/or 'models', not {PolicyReader.Describe(root)}", source, 1, 1);
        }

        var top = new PolicyReader(rootMap, source, string.Empty);
        var version = top.Integer("version", 1, 1, 1);
        _ = version;
        var defaultsSection = rootMap.TryGetValue("defaults", out var d) ? d as PyDict : null;
        if (top.Has("defaults") && defaultsSection is null && !top.IsDisabled("defaults"))
        {
            throw top.Error($"'defaults' must be a mapping, not {PolicyReader.Describe(d)}");
        }

        var defaults = ModelPolicy.Read(defaultsSection is null ? null : new PolicyReader(defaultsSection, source, "defaults"), string.Empty, baseDirectory);

        var models = new SortedDictionary<string, ModelPolicy>(StringComparer.Ordinal);
        var modelsReader = top.Section("models");
        if (modelsReader is not null)
        {
            foreach (var entry in modelsReader.Entries())
            {
                var own = entry.Value switch
                {
                    null => new PyDict(),
                    PyDict map => map,
                    _ => throw modelsReader.Error($"'models.{entry.Key}' must be a mapping of settings, not {PolicyReader.Describe(entry.Value)}"),
                };
                var merged = Merge(defaultsSection, own);
                models[entry.Key] = ModelPolicy.Read(new PolicyReader(merged, source, "models." + entry.Key), entry.Key, baseDirectory);
            }
        }

        var notifications = NotificationSettings.Read(top.Section("notifications"));
        var export = ExportSettings.Read(top.Section("metrics_export"), baseDirectory);
        top.RejectUnknown("version", "defaults", "models", "notifications", "metrics_export");
        return new RetrainPolicy(source, baseDirectory, defaults, models, notifications, export);
    }

    /// <summary>Deep merge: the model's keys win, mappings merge key by key, <c>null</c>/<c>false</c> switch a section off.</summary>
    private static PyDict Merge(PyDict? defaults, PyDict own)
    {
        var result = new PyDict { SourceLine = own.SourceLine, SourceColumn = own.SourceColumn };
        if (defaults is not null)
        {
            foreach (var entry in defaults)
            {
                result.Set(entry.Key, entry.Value);
            }
        }

        foreach (var entry in own)
        {
            if (entry.Value is PyDict ownChild && result.TryGetValue(entry.Key, out var baseValue) && baseValue is PyDict baseChild)
            {
                result.Set(entry.Key, Merge(baseChild, ownChild));
            }
            else
            {
                result.Set(entry.Key, entry.Value);
            }
        }

        return result;
    }
}

/// <summary>The settings of one model (or the defaults).</summary>
public sealed class ModelPolicy
{
    /// <summary>Seed 004: the metric threshold of the performance trigger.</summary>
    public const double DefaultMetricThreshold = 0.92;

    /// <summary>Seed 004: the PSI above which a feature has drifted.</summary>
    public const double DefaultPsiThreshold = 0.25;

    /// <summary>Seed 004: weekly, Sunday midnight.</summary>
    public const string DefaultSchedule = "0 0 * * 0";

    /// <summary>The model (empty for the defaults).</summary>
    public string ModelName { get; private set; } = string.Empty;

    /// <summary>Recent-data lookback of the performance trigger, days (1-365, default 30).</summary>
    public int EvaluationWindowDays { get; private set; } = 30;

    /// <summary>Historical data the training uses, days (7-730, default 90); passed to the training as <c>LINEAGE_TRAINING_WINDOW_DAYS</c>.</summary>
    public int TrainingWindowDays { get; private set; } = 90;

    /// <summary>Relative improvement over the champion needed to deploy (0-1, default 0.05).</summary>
    public double MinImprovement { get; private set; } = 0.05;

    /// <summary>Holdout accuracy floor of a new model (0-1, default 0.85).</summary>
    public double MinAccuracy { get; private set; } = 0.85;

    /// <summary>The metric compared with the champion: accuracy, precision, recall or f1 (default f1).</summary>
    public string DecisionMetric { get; private set; } = "f1";

    /// <summary>
    /// The build's lineage manifest (<c>manifest</c>), or <c>null</c>: a model it lists is trained from the circuit's
    /// config (its hash and file go to the training and the job) and deployed with the circuit's tags; the
    /// config-change trigger reads it.
    /// </summary>
    public string? Manifest { get; private set; }

    /// <summary>How to train.</summary>
    public TrainingSettings Training { get; private set; } = new();

    /// <summary>The performance trigger, or <c>null</c> when off.</summary>
    public PerformanceTriggerSettings? Performance { get; private set; }

    /// <summary>The drift trigger, or <c>null</c> when off.</summary>
    public DriftTriggerSettings? Drift { get; private set; }

    /// <summary>The schedule trigger, or <c>null</c> when off.</summary>
    public ScheduleTriggerSettings? Schedule { get; private set; }

    /// <summary>The config-change trigger, or <c>null</c> when off.</summary>
    public ConfigChangeTriggerSettings? ConfigChange { get; private set; }

    /// <summary>Whether any trigger is on.</summary>
    public bool HasTriggers => Performance is not null || Drift is not null || Schedule is not null || ConfigChange is not null;

    internal ModelPolicy WithName(string modelName)
    {
        var copy = (ModelPolicy)MemberwiseClone();
        copy.ModelName = modelName;
        return copy;
    }

    internal static ModelPolicy Read(PolicyReader? reader, string modelName, string baseDirectory)
    {
        var policy = new ModelPolicy { ModelName = modelName };
        if (reader is null)
        {
            return policy;
        }

        policy.EvaluationWindowDays = reader.Integer("evaluation_window_days", 30, 1, 365);
        policy.TrainingWindowDays = reader.Integer("training_window_days", 90, 7, 730);
        policy.MinImprovement = reader.Number("min_improvement", 0.05, 0, 1);
        policy.MinAccuracy = reader.Number("min_accuracy", 0.85, 0, 1);
        policy.DecisionMetric = reader.String("decision_metric", "f1")!;
        if (Array.IndexOf(Validation.HoldoutMetrics.Names, policy.DecisionMetric) < 0)
        {
            throw reader.Error($"'{reader.Join("decision_metric")}' is '{policy.DecisionMetric}'; use one of: {string.Join(", ", Validation.HoldoutMetrics.Names)}");
        }

        policy.Manifest = ResolvePath(reader.String("manifest"), baseDirectory);
        policy.Training = TrainingSettings.Read(reader.Section("training"), baseDirectory);
        var triggers = reader.Section("triggers");
        if (triggers is not null)
        {
            policy.Performance = PerformanceTriggerSettings.Read(triggers.Section("performance"), baseDirectory);
            policy.Drift = DriftTriggerSettings.Read(triggers.Section("drift"), baseDirectory);
            policy.Schedule = ScheduleTriggerSettings.Read(triggers.Section("schedule"));
            policy.ConfigChange = ConfigChangeTriggerSettings.Read(triggers.Section("config_change"), baseDirectory, policy.Manifest);
            triggers.RejectUnknown();
        }

        reader.RejectUnknown();
        return policy;
    }

    internal static string? ResolvePath(string? path, string baseDirectory) =>
        // A path that starts with a placeholder ({registry}/...) is resolved when it is expanded.
        path is null || path.StartsWith("{", StringComparison.Ordinal) ? path : System.IO.Path.GetFullPath(System.IO.Path.Combine(baseDirectory, path));
}

/// <summary>How a model is trained.</summary>
public sealed class TrainingSettings
{
    /// <summary>The runner: <c>local</c> (default) or <c>kubernetes</c>.</summary>
    public string Runner { get; private set; } = "local";

    /// <summary>The command and its arguments; <c>{model}</c>, <c>{job_id}</c>, <c>{config}</c>, <c>{config_hash}</c>, <c>{model_output}</c>, <c>{predictions}</c> are replaced.</summary>
    public IReadOnlyList<string> Command { get; private set; } = Array.Empty<string>();

    /// <summary>The working directory of a local run (default: the policy's folder).</summary>
    public string? WorkingDirectory { get; private set; }

    /// <summary>How long a training may run, minutes (1-10080, default 360).</summary>
    public int TimeoutMinutes { get; private set; } = 360;

    /// <summary>Where the training writes the model (placeholders allowed); required to validate and deploy.</summary>
    public string? ModelOutput { get; private set; }

    /// <summary>Where the training writes its holdout predictions (CSV <c>actual,predicted</c>; placeholders allowed).</summary>
    public string? Predictions { get; private set; }

    /// <summary>The training config (placeholders allowed), passed as <c>LINEAGE_TRAINING_CONFIG</c>; its hash as <c>LINEAGE_CONFIG_HASH</c>.</summary>
    public string? Config { get; private set; }

    /// <summary>The positive class for binary precision/recall/F1 (default: macro average over all classes).</summary>
    public string? PositiveLabel { get; private set; }

    /// <summary>Extra environment for the training.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private set; } = new SortedDictionary<string, string>(StringComparer.Ordinal);

    /// <summary>Kubernetes runner settings.</summary>
    public KubernetesSettings Kubernetes { get; private set; } = new();

    private static void CheckPlaceholders(PolicyReader reader, string key, string? text, string[] allowed)
    {
        if (text is null)
        {
            return;
        }

        foreach (System.Text.RegularExpressions.Match match in System.Text.RegularExpressions.Regex.Matches(text, @"\{([^{}]*)\}"))
        {
            if (Array.IndexOf(allowed, match.Groups[1].Value) < 0)
            {
                throw reader.Error($"'{reader.Join(key)}' has the placeholder '{match.Value}', which is not one of: {string.Join(", ", allowed.Select(a => "{" + a + "}"))}");
            }
        }
    }

    internal static TrainingSettings Read(PolicyReader? reader, string baseDirectory)
    {
        var settings = new TrainingSettings { WorkingDirectory = baseDirectory };
        if (reader is null)
        {
            return settings;
        }

        settings.Runner = reader.String("runner", "local")!;
        if (settings.Runner is not ("local" or "kubernetes"))
        {
            throw reader.Error($"'{reader.Join("runner")}' is '{settings.Runner}'; use 'local' or 'kubernetes'");
        }

        settings.Command = reader.StringList("command") ?? Array.Empty<string>();
        settings.WorkingDirectory = ModelPolicy.ResolvePath(reader.String("working_directory"), baseDirectory) ?? baseDirectory;
        settings.TimeoutMinutes = reader.Integer("timeout_minutes", 360, 1, 10080);
        settings.ModelOutput = ModelPolicy.ResolvePath(reader.String("model_output"), baseDirectory);
        settings.Predictions = ModelPolicy.ResolvePath(reader.String("predictions"), baseDirectory);
        settings.Config = ModelPolicy.ResolvePath(reader.String("config"), baseDirectory);
        settings.PositiveLabel = reader.String("positive_label");
        settings.Environment = reader.StringMap("environment");
        settings.Kubernetes = KubernetesSettings.Read(reader.Section("kubernetes"));
        var all = new[] { "model", "job_id", "config", "config_hash", "model_output", "predictions", "registry" };
        foreach (var part in settings.Command)
        {
            CheckPlaceholders(reader, "command", part, all);
        }

        foreach (var pair in settings.Environment)
        {
            CheckPlaceholders(reader, "environment." + pair.Key, pair.Value, all);
        }

        CheckPlaceholders(reader, "model_output", settings.ModelOutput, new[] { "model", "job_id", "config_hash", "registry" });
        CheckPlaceholders(reader, "predictions", settings.Predictions, new[] { "model", "job_id", "config_hash", "registry" });

        // The config is read before the job exists: only what is known then.
        CheckPlaceholders(reader, "config", settings.Config, new[] { "model", "registry" });
        if (settings.Runner == "kubernetes" && settings.Kubernetes.Image is null)
        {
            throw reader.Error($"'{reader.Join("kubernetes.image")}' is required with runner 'kubernetes'");
        }

        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>Settings of the Kubernetes Job runner.</summary>
public sealed class KubernetesSettings
{
    /// <summary>The namespace, or <c>null</c> for the kubeconfig context's (else <c>default</c>).</summary>
    public string? Namespace { get; private set; }

    /// <summary>The training image.</summary>
    public string? Image { get; private set; }

    /// <summary>A kubeconfig file, or <c>null</c> for <c>KUBECONFIG</c>/in-cluster.</summary>
    public string? Kubeconfig { get; private set; }

    /// <summary>The pod's service account, or <c>null</c>.</summary>
    public string? ServiceAccount { get; private set; }

    internal static KubernetesSettings Read(PolicyReader? reader)
    {
        var settings = new KubernetesSettings();
        if (reader is null)
        {
            return settings;
        }

        settings.Namespace = reader.String("namespace");
        settings.Image = reader.String("image");
        settings.Kubeconfig = reader.String("kubeconfig");
        settings.ServiceAccount = reader.String("service_account");
        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>The performance-degradation trigger: a metric below its threshold over the evaluation window.</summary>
public sealed class PerformanceTriggerSettings
{
    /// <summary>The metric (default <c>accuracy</c>).</summary>
    public string Metric { get; private set; } = "accuracy";

    /// <summary>Below this, the model is retrained (0-1, default 0.92).</summary>
    public double Threshold { get; private set; } = ModelPolicy.DefaultMetricThreshold;

    /// <summary>How the window's samples are summarised: <c>mean</c> (default), <c>min</c>, <c>median</c> or <c>last</c>.</summary>
    public string Aggregate { get; private set; } = "mean";

    /// <summary>Fewest samples in the window for a decision (default 1); fewer reports "not enough data".</summary>
    public int MinSamples { get; private set; } = 1;

    /// <summary>The metrics source: <c>http(s)://prometheus:9090</c>, or a .json/.csv file.</summary>
    public string Source { get; private set; } = string.Empty;

    /// <summary>A source-specific query (PromQL with <c>{model}</c> and <c>{metric}</c>), or <c>null</c>.</summary>
    public string? Expression { get; private set; }

    internal static PerformanceTriggerSettings? Read(PolicyReader? reader, string baseDirectory)
    {
        if (reader is null)
        {
            return null;
        }

        var settings = new PerformanceTriggerSettings
        {
            Metric = reader.String("metric", "accuracy")!,
            Threshold = reader.Number("threshold", ModelPolicy.DefaultMetricThreshold, 0, 1),
            Aggregate = reader.String("aggregate", "mean")!,
            MinSamples = reader.Integer("min_samples", 1, 1, 1_000_000),
            Expression = reader.String("expression"),
        };
        if (settings.Aggregate is not ("mean" or "min" or "median" or "last"))
        {
            throw reader.Error($"'{reader.Join("aggregate")}' is '{settings.Aggregate}'; use mean, min, median or last");
        }

        var source = reader.String("source") ?? throw reader.Error($"'{reader.Join("source")}' is required: a Prometheus URL (http://host:9090) or a metrics file (.json or .csv)");
        settings.Source = source.Contains("://") ? source : ModelPolicy.ResolvePath(source, baseDirectory)!;
        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>The data-drift trigger: PSI and Kolmogorov-Smirnov between a reference and a current sample.</summary>
public sealed class DriftTriggerSettings
{
    /// <summary>The reference sample (CSV with a header row; placeholders allowed).</summary>
    public string Reference { get; private set; } = string.Empty;

    /// <summary>The current sample.</summary>
    public string Current { get; private set; } = string.Empty;

    /// <summary>PSI above this is drift (0-1, default 0.25).</summary>
    public double PsiThreshold { get; private set; } = ModelPolicy.DefaultPsiThreshold;

    /// <summary>A KS p-value below this rejects "same distribution" (0-1 exclusive; default 0.05).</summary>
    public double KsAlpha { get; private set; } = 0.05;

    /// <summary>Whether a KS rejection alone fires the trigger (default false: PSI decides, KS is reported).</summary>
    public bool KsFires { get; private set; }

    /// <summary>PSI bins (2-100, default 10).</summary>
    public int Bins { get; private set; } = 10;

    /// <summary>The features to compare, or <c>null</c> for every numeric column.</summary>
    public IReadOnlyList<string>? Features { get; private set; }

    internal static DriftTriggerSettings? Read(PolicyReader? reader, string baseDirectory)
    {
        if (reader is null)
        {
            return null;
        }

        var settings = new DriftTriggerSettings
        {
            Reference = ModelPolicy.ResolvePath(reader.String("reference") ?? throw reader.Error($"'{reader.Join("reference")}' is required: the reference sample (CSV with a header row)"), baseDirectory)!,
            Current = ModelPolicy.ResolvePath(reader.String("current") ?? throw reader.Error($"'{reader.Join("current")}' is required: the current sample (CSV with a header row)"), baseDirectory)!,
            PsiThreshold = reader.Number("psi_threshold", ModelPolicy.DefaultPsiThreshold, 0, 1, minExclusive: true),
            KsAlpha = reader.Number("ks_alpha", 0.05, 0, 1, minExclusive: true),
            Bins = reader.Integer("bins", 10, 2, 100),
            Features = reader.StringList("features"),
        };
        settings.KsFires = reader.Bool("ks_fires", false);
        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>The schedule trigger: a cron expression, due when an occurrence passed since the last run.</summary>
public sealed class ScheduleTriggerSettings
{
    /// <summary>The cron text (5 fields, or 6 with seconds; default <c>0 0 * * 0</c>).</summary>
    public string Cron { get; private set; } = ModelPolicy.DefaultSchedule;

    /// <summary>The parsed expression.</summary>
    public CronExpression Expression { get; private set; } = CronExpression.Parse(ModelPolicy.DefaultSchedule);

    /// <summary>The time zone the expression is read in (IANA or Windows id; default UTC).</summary>
    public TimeZoneInfo TimeZone { get; private set; } = TimeZoneInfo.Utc;

    internal static ScheduleTriggerSettings? Read(PolicyReader? reader)
    {
        if (reader is null)
        {
            return null;
        }

        var settings = new ScheduleTriggerSettings { Cron = reader.String("cron", ModelPolicy.DefaultSchedule)! };
        try
        {
            var fields = settings.Cron.Split(new[] { ' ', '\t' }, StringSplitOptions.RemoveEmptyEntries).Length;
            settings.Expression = CronExpression.Parse(settings.Cron, fields == 6 ? CronFormat.IncludeSeconds : CronFormat.Standard);
        }
        catch (CronFormatException ex)
        {
            throw reader.Error($"'{reader.Join("cron")}' is not a valid cron expression ('{settings.Cron}'): {ex.Message}; for example '0 0 * * 0' is Sundays at midnight");
        }

        var zone = reader.String("time_zone");
        if (zone is not null)
        {
            try
            {
                settings.TimeZone = TimeZoneInfo.FindSystemTimeZoneById(zone);
            }
            catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
            {
                throw reader.Error($"'{reader.Join("time_zone")}' is '{zone}', which this machine does not know; use an IANA id such as 'Europe/Berlin' or 'UTC'");
            }
        }

        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>The config-change trigger: the circuit's current config hash (from the lineage manifest) has no registered model.</summary>
public sealed class ConfigChangeTriggerSettings
{
    /// <summary>The lineage manifest of the build.</summary>
    public string Manifest { get; private set; } = string.Empty;

    /// <summary>Whether the manifest's circuits are checked even when the policy does not name them (default true).</summary>
    public bool AllCircuits { get; private set; } = true;

    internal static ConfigChangeTriggerSettings? Read(PolicyReader? reader, string baseDirectory, string? modelManifest)
    {
        if (reader is null)
        {
            return null;
        }

        var settings = new ConfigChangeTriggerSettings
        {
            Manifest = ModelPolicy.ResolvePath(reader.String("manifest"), baseDirectory) ?? modelManifest
                ?? throw reader.Error($"'{reader.Join("manifest")}' is required (or a 'manifest' for the model): the lineage-manifest.json of the build"),
            AllCircuits = reader.Bool("all_circuits", true),
        };
        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>Notifications.</summary>
public sealed class NotificationSettings
{
    /// <summary>A Slack-compatible incoming webhook URL, or <c>null</c> (then <c>LINEAGE_SLACK_WEBHOOK</c> is used when set).</summary>
    public string? SlackWebhook { get; private set; }

    internal static NotificationSettings Read(PolicyReader? reader)
    {
        var settings = new NotificationSettings();
        if (reader is null)
        {
            return settings;
        }

        settings.SlackWebhook = reader.String("slack_webhook");
        if (settings.SlackWebhook is not null && !settings.SlackWebhook.StartsWith("http://", StringComparison.OrdinalIgnoreCase) && !settings.SlackWebhook.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw reader.Error($"'{reader.Join("slack_webhook")}' must be an http(s) URL");
        }

        reader.RejectUnknown();
        return settings;
    }
}

/// <summary>Export of job metrics in the Prometheus text format.</summary>
public sealed class ExportSettings
{
    /// <summary>A node_exporter textfile (<c>.prom</c>), or <c>null</c>.</summary>
    public string? Textfile { get; private set; }

    /// <summary>A Pushgateway base URL, or <c>null</c>.</summary>
    public string? Pushgateway { get; private set; }

    internal static ExportSettings Read(PolicyReader? reader, string baseDirectory)
    {
        var settings = new ExportSettings();
        if (reader is null)
        {
            return settings;
        }

        settings.Textfile = ModelPolicy.ResolvePath(reader.String("textfile"), baseDirectory);
        if (settings.Textfile is not null && !settings.Textfile.EndsWith(".prom", StringComparison.Ordinal))
        {
            throw reader.Error($"'{reader.Join("textfile")}' must end with .prom (node_exporter reads only those)");
        }

        settings.Pushgateway = reader.String("pushgateway");
        reader.RejectUnknown();
        return settings;
    }
}
