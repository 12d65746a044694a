using System;
using System.Collections.Generic;
using System.CommandLine;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Registry;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Retraining.Kubernetes;
using Lineage.Retraining.Policy;
using Lineage.Retraining.Triggers;

namespace Lineage.Cli;

/// <summary>
/// <c>lineage retrain check|start|status|list|validate|deploy|rollback</c>: front ends over
/// <see cref="RetrainPipeline"/> and <see cref="TriggerEvaluator"/>. Exit codes: 0 ok, 1 refused or failed (or
/// invalid input), 2 usage; <c>check --exit-code</c> exits 3 when some model needs retraining.
/// </summary>
internal static class RetrainCommands
{
    /// <summary>The environment variable naming the policy when <c>--policy</c> is not given.</summary>
    public const string PolicyVariable = "LINEAGE_RETRAIN_POLICY";

    /// <summary><c>check --exit-code</c>: some model needs retraining.</summary>
    public const int RetrainNeeded = 3;

    private const string Extras =
        "The policy (YAML) says which triggers apply to which model and how to train: see docs/retraining.md.\n" +
        "Jobs are kept next to the registry (<registry>/retrain_jobs/), safe with concurrent processes.\n" +
        "\n" +
        "Examples:\n" +
        "  lineage retrain check --policy retrain.yaml --registry /models\n" +
        "  lineage retrain check --policy retrain.yaml --registry /models --start --deploy\n" +
        "  lineage retrain start --model-name plant001-circuit01 --reason \"new sensor calibration\" --deploy\n" +
        "  lineage retrain status rt-20261123184500-1a2b3c4d --wait 600\n" +
        "  lineage retrain validate rt-20261123184500-1a2b3c4d --predictions out/holdout.csv\n" +
        "  lineage retrain deploy rt-20261123184500-1a2b3c4d\n" +
        "  lineage retrain list --model-name plant001-circuit01 --status completed\n" +
        "  lineage retrain rollback --model-name plant001-circuit01\n" +
        "\n" +
        "Progress lines go to stderr; results (and --json) to stdout.\n" +
        "\n" +
        "Exit codes: 0 ok, 1 refused or failed (a failed job, a rejected model, a trigger that could not be evaluated),\n" +
        "2 usage, 3 'check --exit-code' found a model to retrain.";

    /// <summary>Adds <c>retrain</c> to <paramref name="root"/>.</summary>
    public static void Add(RootCommand root, ConsoleOutput console, IDictionary<Command, string> extras)
    {
        var retrain = new Command("retrain", "Retraining: evaluate triggers, start and follow jobs, validate on a holdout set, deploy only when better than the champion, roll back when production degrades.");
        extras.Add(retrain, Extras);
        root.Add(retrain);
        retrain.Add(Check(console));
        retrain.Add(Start(console));
        retrain.Add(Status(console));
        retrain.Add(List(console));
        retrain.Add(Validate(console));
        retrain.Add(Deploy(console));
        retrain.Add(Rollback(console));
    }

    private static Option<string?> PolicyOption() => new("--policy")
    {
        Description = $"The retraining policy YAML (default: ${PolicyVariable}, else retrain.yaml in the current folder).",
        HelpName = "yaml",
    };

    private static Argument<string> JobIdArgument() => new("job-id") { Description = "The job id (rt-...), as 'lineage retrain list' shows it." };

    private static Command Check(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var models = new Option<string[]>("--model-name") { Description = "Check only this model; repeat for more (default: the policy's models and the manifest's circuits).", HelpName = "name", Arity = ArgumentArity.ZeroOrMore };
        var start = new Option<bool>("--start") { Description = "Start a job for every model that needs one (and has none running)." };
        var deploy = new Option<bool>("--deploy") { Description = "With --start: wait for each training, validate and deploy (the whole pipeline)." };
        var exitCode = new Option<bool>("--exit-code") { Description = "Exit 3 when some model needs retraining (and nothing was started)." };
        var json = RegistryCommands.JsonOption("Print the decisions as JSON.");
        var command = new Command("check", "Evaluate every trigger of the policy for each model: retrain or not, and why.")
        {
            policy, registry, models, start, deploy, exitCode, json,
        };
        command.SetAction((parse, cancellationToken) => Task(() => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var evaluator = host.Evaluator();
            var names = TriggerEvaluator.ModelsOf(host.Policy, parse.GetValue(models));
            if (names.Count == 0)
            {
                throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, "the policy names no models: add them under 'models:', or a config_change trigger with a manifest", host.Policy.Source);
            }

            var now = DateTimeOffset.UtcNow;
            var decisions = names.Select(n => evaluator.EvaluateAsync(host.Policy.For(n), now, cancellationToken).GetAwaiter().GetResult()).ToList();
            var started = new List<RetrainJob>();
            if (parse.GetValue(start))
            {
                foreach (var decision in decisions.Where(d => d.Retrain && d.ActiveJob is null))
                {
                    var primary = decision.Primary!;
                    if (host.RunIfIdle(decision.ModelName, primary.Kind, decision.Reason, decision.Values, parse.GetValue(deploy), cancellationToken) is { } job)
                    {
                        started.Add(job);
                    }
                }
            }

            if (parse.GetValue(json))
            {
                RegistryCommands.WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartArray("models");
                    foreach (var d in decisions)
                    {
                        w.WriteStartObject();
                        w.WriteString("model_name", d.ModelName);
                        w.WriteBoolean("retrain", d.Retrain);
                        w.WriteString("reason", d.Reason);
                        w.WriteString("active_job", d.ActiveJob);
                        w.WriteStartArray("triggers");
                        foreach (var t in d.Triggers)
                        {
                            w.WriteStartObject();
                            w.WriteString("trigger", JobStatuses.ToName(t.Kind));
                            w.WriteBoolean("fired", t.Fired);
                            w.WriteString("reason", t.Reason);
                            w.WriteString("error", t.Error);
                            w.WriteStartObject("values");
                            foreach (var v in t.Values)
                            {
                                WriteNumber(w, v.Key, v.Value);
                            }

                            w.WriteEndObject();
                            w.WriteEndObject();
                        }

                        w.WriteEndArray();
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("started");
                    foreach (var job in started)
                    {
                        JobJson.WriteObject(w, job);
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var d in decisions)
                {
                    var verdict = d.Retrain ? "RETRAIN" : "ok";
                    var active = d.ActiveJob is null ? string.Empty : $" (job {d.ActiveJob} has not finished; a new one is not started)";
                    console.Out.WriteLine($"{verdict,-8}{d.ModelName}{active}");
                    foreach (var t in d.Triggers)
                    {
                        var mark = t.Error is not null ? "error" : t.Fired ? "fired" : "-";
                        console.Out.WriteLine($"  {mark,-6}{JobStatuses.ToName(t.Kind),-14}{t.Error ?? t.Reason}");
                    }
                }

                var needed = decisions.Count(d => d.Retrain);
                console.Out.WriteLine($"{needed} of {decisions.Count} model(s) need retraining" + (started.Count > 0 ? $"; started {started.Count} job(s)" : string.Empty));
            }

            if (decisions.Any(d => d.HasErrors))
            {
                foreach (var t in decisions.SelectMany(d => d.Triggers.Where(t => t.Error is not null).Select(t => (d.ModelName, t))))
                {
                    console.WriteError($"lineage: {t.ModelName}: the {JobStatuses.ToName(t.t.Kind)} trigger could not be evaluated: {t.t.Error}");
                }

                return ExitCodes.InvalidInput;
            }

            if (started.Any(j => j.Status == JobStatus.Failed))
            {
                return ExitCodes.InvalidInput;
            }

            return parse.GetValue(exitCode) && started.Count == 0 && decisions.Any(d => d.Retrain) ? RetrainNeeded : ExitCodes.Ok;
        })));
        return command;
    }

    private static Command Start(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var model = new Option<string>("--model-name") { Description = "The model to retrain.", HelpName = "name", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why (a manual trigger needs a reason; it is recorded and notified).", HelpName = "text", Required = true };
        var deploy = new Option<bool>("--deploy") { Description = "Wait for the training, validate the model and deploy it when it beats the champion." };
        var noWait = new Option<bool>("--no-wait") { Description = "Return once the training is submitted (Kubernetes runner only; the local runner supervises its process)." };
        var json = RegistryCommands.JsonOption("Print the job as JSON.");
        var command = new Command("start", "Start a manual retraining job for a model, with a reason.")
        {
            policy, registry, model, reason, deploy, noWait, json,
        };
        command.SetAction((parse, cancellationToken) => Task(() => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var name = parse.GetValue(model)!;
            RegistryNames.ValidateModelName(name);
            if (parse.GetValue(noWait) && host.Policy.For(name).Training.Runner == "local")
            {
                throw new LineageException(DiagnosticCodes.InvalidRetrainPolicy, "--no-wait needs the kubernetes runner: a local training is supervised by this process (its log, exit code and timeout)");
            }

            var job = host.Run(name, TriggerKind.Manual, parse.GetValue(reason)!, null, parse.GetValue(deploy), cancellationToken, wait: !parse.GetValue(noWait));
            PrintJob(console, job, parse.GetValue(json));
            return job.Status == JobStatus.Failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
        })));
        return command;
    }

    private static Command Status(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var jobId = JobIdArgument();
        var wait = new Option<int>("--wait") { Description = "Wait up to this many seconds for a running training to finish.", HelpName = "seconds" };
        var fail = new Option<string?>("--fail") { Description = "Mark the job failed with this reason (a lost runner, an operator's decision).", HelpName = "reason" };
        var json = RegistryCommands.JsonOption("Print the job as JSON.");
        var command = new Command("status", "Show a job, asking its runner first where a running training is.")
        {
            policy, registry, jobId, wait, fail, json,
        };
        command.SetAction((parse, cancellationToken) => Task(() => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var id = parse.GetValue(jobId)!;
            var job = parse.GetValue(fail) is { } reason
                ? host.Pipeline.FailAsync(id, reason).GetAwaiter().GetResult()
                : host.Pipeline.RefreshAsync(id, TimeSpan.FromSeconds(Math.Max(0, parse.GetValue(wait))), cancellationToken).GetAwaiter().GetResult();
            host.Export();
            PrintJob(console, job, parse.GetValue(json));
            return job.Status == JobStatus.Failed ? ExitCodes.InvalidInput : ExitCodes.Ok;
        }, policyRequired: false)));
        return command;
    }

    private static Command List(ConsoleOutput console)
    {
        var registry = RegistryCommands.RegistryOption();
        var model = new Option<string?>("--model-name") { Description = "Only this model's jobs.", HelpName = "name" };
        var status = new Option<string?>("--status") { Description = "Only jobs in this status: pending, running, validation, deploying, completed, failed.", HelpName = "status" };
        var trigger = new Option<string?>("--trigger") { Description = "Only jobs started by this trigger: performance, drift, schedule, config_change, manual.", HelpName = "trigger" };
        var since = new Option<string?>("--since") { Description = "Only jobs created since this date or time (ISO 8601), or this many days ago (7d).", HelpName = "when" };
        var limit = new Option<int>("--limit") { Description = "At most this many jobs, newest first (default 20; 0 for all).", HelpName = "n", DefaultValueFactory = _ => 20 };
        var json = RegistryCommands.JsonOption("Print the jobs as JSON.");
        var command = new Command("list", "List retraining jobs, newest first, filtered by model, status, trigger or age.")
        {
            registry, model, status, trigger, since, limit, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(since) is { } when && TryParseSince(when) is null)
            {
                r.AddError($"--since '{when}' is neither a date (2026-11-01, 2026-11-01T12:00Z) nor a number of days (7d).");
            }
        });
        command.SetAction(parse => WithHost(console, null, parse.GetValue(registry), host =>
        {
            var filter = new JobFilter { ModelName = parse.GetValue(model), Limit = Math.Max(0, parse.GetValue(limit)) };
            if (parse.GetValue(status) is { } s)
            {
                filter.Status = JobStatuses.TryParse(s, out JobStatus parsed) ? parsed : throw new LineageException(DiagnosticCodes.JobNotFound, $"--status '{s}' is not a status: pending, running, validation, deploying, completed or failed");
            }

            if (parse.GetValue(trigger) is { } t)
            {
                filter.Trigger = JobStatuses.TryParse(t, out TriggerKind parsed) ? parsed : throw new LineageException(DiagnosticCodes.JobNotFound, $"--trigger '{t}' is not a trigger: performance, drift, schedule, config_change or manual");
            }

            if (parse.GetValue(since) is { } when)
            {
                filter.Since = ParseSince(when);
            }

            var jobs = host.Jobs.List(filter);
            if (parse.GetValue(json))
            {
                RegistryCommands.WriteJson(console, w =>
                {
                    w.WriteStartArray();
                    foreach (var job in jobs)
                    {
                        JobJson.WriteObject(w, job);
                    }

                    w.WriteEndArray();
                });
                return ExitCodes.Ok;
            }

            var rows = new List<string[]> { new[] { "job_id", "model", "trigger", "status", "created", "improvement", "deployed" } };
            foreach (var job in jobs)
            {
                rows.Add(new[]
                {
                    job.JobId, job.ModelName, JobStatuses.ToName(job.Trigger), JobStatuses.ToName(job.Status), JobJson.FormatTime(job.CreatedAt),
                    job.Improvement is { } i ? i.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture) : "-",
                    job.Deployed ? "v" + job.DeployedVersion : "no",
                });
            }

            LineageCli.WriteTable(console.Out, rows);
            return ExitCodes.Ok;
        }, policyRequired: false));
        return command;
    }

    private static Command Validate(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var jobId = JobIdArgument();
        var predictions = new Option<string?>("--predictions") { Description = "Holdout predictions CSV (actual,predicted) (default: the policy's training.predictions).", HelpName = "csv" };
        var modelFile = new Option<string?>("--model") { Description = "The new model file (default: the policy's training.model_output).", HelpName = "file" };
        var json = RegistryCommands.JsonOption("Print the validation as JSON.");
        var command = new Command("validate", "Validate a trained model on its holdout predictions: accuracy, precision, recall, F1, the accuracy floor and the SHA-256 validation hash.")
        {
            policy, registry, jobId, predictions, modelFile, json,
        };
        command.SetAction(parse => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var (job, result) = host.Pipeline.ValidateAsync(parse.GetValue(jobId)!, parse.GetValue(predictions), parse.GetValue(modelFile)).GetAwaiter().GetResult();
            host.Export();
            if (parse.GetValue(json))
            {
                RegistryCommands.WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("job_id", job.JobId);
                    w.WriteString("model_name", result.ModelName);
                    w.WriteBoolean("is_valid", result.IsValid);
                    w.WriteNumber("accuracy", result.Metrics.Accuracy);
                    w.WriteNumber("precision", result.Metrics.Precision);
                    w.WriteNumber("recall", result.Metrics.Recall);
                    w.WriteNumber("f1_score", result.Metrics.F1);
                    w.WriteNumber("rows", result.Metrics.Count);
                    w.WriteString("averaging", result.Metrics.Averaging);
                    w.WriteNumber("min_accuracy", result.MinAccuracy);
                    w.WriteString("validation_hash", result.ValidationHash);
                    w.WriteString("data_sha256", result.DataSha256);
                    w.WriteString("model_sha256", result.ModelSha256);
                    w.WriteString("validation_timestamp", JobJson.FormatTime(result.ValidatedAt));
                    w.WriteEndObject();
                });
            }
            else
            {
                var m = result.Metrics;
                console.Out.WriteLine($"{(result.IsValid ? "valid" : "REJECTED")}  {job.ModelName} ({job.JobId}): accuracy {F(m.Accuracy)} (floor {F(result.MinAccuracy)}), precision {F(m.Precision)}, recall {F(m.Recall)}, f1 {F(m.F1)} on {m.Count} rows ({m.Averaging})");
                console.Out.WriteLine($"validation hash {result.ValidationHash}");
            }

            return result.IsValid ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }));
        return command;
    }

    private static Command Deploy(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var jobId = JobIdArgument();
        var minImprovement = new Option<double?>("--min-improvement") { Description = "Relative improvement over the champion required (default: the policy's min_improvement, 0.05).", HelpName = "ratio" };
        var force = new Option<bool>("--force") { Description = "Deploy even when the champion has no recorded value of the decision metric (never when the new model is worse)." };
        var json = RegistryCommands.JsonOption("Print the job as JSON.");
        var command = new Command("deploy", "Champion/challenger: promote a validated model through the registry when it beats the champion by the minimum improvement.")
        {
            policy, registry, jobId, minImprovement, force, json,
        };
        command.Validators.Add(r =>
        {
            if (r.GetValue(minImprovement) is { } m && (m < 0 || m > 1 || double.IsNaN(m)))
            {
                r.AddError("--min-improvement must be between 0 and 1 (0.05 is 5%).");
            }
        });
        command.SetAction(parse => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var job = host.Pipeline.DeployAsync(parse.GetValue(jobId)!, parse.GetValue(minImprovement), parse.GetValue(force)).GetAwaiter().GetResult();
            host.Export();
            PrintJob(console, job, parse.GetValue(json));
            return job.Deployed ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }));
        return command;
    }

    private static Command Rollback(ConsoleOutput console)
    {
        var policy = PolicyOption();
        var registry = RegistryCommands.RegistryOption();
        var model = new Option<string>("--model-name") { Description = "The model to check.", HelpName = "name", Required = true };
        var dryRun = new Option<bool>("--dry-run") { Description = "Report whether production degraded without rolling back." };
        var json = RegistryCommands.JsonOption("Print the result as JSON.");
        var command = new Command("rollback", "After a retraining deployment: read production metrics since it and roll latest back when they degraded (below the threshold, or below the metric before the retraining).")
        {
            policy, registry, model, dryRun, json,
        };
        command.SetAction((parse, cancellationToken) => Task(() => WithHost(console, parse.GetValue(policy), parse.GetValue(registry), host =>
        {
            var result = host.Pipeline.GuardAsync(parse.GetValue(model)!, parse.GetValue(dryRun), cancellationToken).GetAwaiter().GetResult();
            host.Export();
            if (parse.GetValue(json))
            {
                RegistryCommands.WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("model_name", result.ModelName);
                    w.WriteBoolean("degraded", result.Degraded);
                    w.WriteBoolean("rolled_back", result.RolledBack);
                    w.WriteString("reason", result.Reason);
                    w.WriteString("from", result.Rollback?.From.ToString());
                    w.WriteString("to", result.Rollback?.To.ToString());
                    w.WriteString("log_file", result.Rollback?.LogFile);
                    w.WriteEndObject();
                });
            }
            else
            {
                var verdict = result.RolledBack ? $"rolled back {result.Rollback!.From} -> {result.Rollback.To}" : result.Degraded ? "DEGRADED" : "healthy";
                console.Out.WriteLine($"{result.ModelName}: {verdict}: {result.Reason}");
            }

            return ExitCodes.Ok;
        })));
        return command;
    }

    private static void PrintJob(ConsoleOutput console, RetrainJob job, bool json)
    {
        if (json)
        {
            RegistryCommands.WriteJson(console, w => JobJson.WriteObject(w, job));
            return;
        }

        console.Out.WriteLine($"{job.JobId}  {job.ModelName}  {JobStatuses.ToName(job.Status)}");
        console.Out.WriteLine($"  trigger   {JobStatuses.ToName(job.Trigger)}: {job.Reason}");
        if (job.Runner is not null)
        {
            console.Out.WriteLine($"  runner    {job.Runner} {job.ExternalId}");
        }

        if (job.LogPath is not null)
        {
            console.Out.WriteLine($"  log       {job.LogPath}");
        }

        if (job.MetricsAfter.Count > 0)
        {
            console.Out.WriteLine($"  metrics   {string.Join(", ", job.MetricsAfter.Select(p => $"{p.Key} {F(p.Value)}"))}");
        }

        if (job.ChampionMetrics.Count > 0)
        {
            console.Out.WriteLine($"  champion  {string.Join(", ", job.ChampionMetrics.Select(p => $"{p.Key} {F(p.Value)}"))}");
        }

        if (job.Improvement is { } improvement)
        {
            console.Out.WriteLine($"  improved  {improvement.ToString("+0.00%;-0.00%;0.00%", CultureInfo.InvariantCulture)}");
        }

        if (job.Deployed)
        {
            console.Out.WriteLine($"  deployed  v{job.DeployedVersion} at {JobJson.FormatTime(job.DeployedAt!.Value)}");
        }

        if (job.ErrorMessage is not null)
        {
            console.Out.WriteLine($"  error     {job.ErrorMessage}");
        }

        foreach (var step in job.History)
        {
            console.Out.WriteLine($"  {JobJson.FormatTime(step.At)}  {JobStatuses.ToName(step.Status),-10}  {step.Message}");
        }
    }

    private static int WithHost(ConsoleOutput console, string? policyOption, string? registryOption, Func<RetrainHost, int> action, bool policyRequired = true)
    {
        var directory = string.IsNullOrWhiteSpace(registryOption) ? Environment.GetEnvironmentVariable(RegistryCommands.RegistryVariable) : registryOption;
        if (string.IsNullOrWhiteSpace(directory))
        {
            console.WriteError($"lineage: no registry: pass --registry <dir> or set {RegistryCommands.RegistryVariable}.");
            return ExitCodes.Usage;
        }

        var policyPath = string.IsNullOrWhiteSpace(policyOption) ? Environment.GetEnvironmentVariable(PolicyVariable) : policyOption;
        if (string.IsNullOrWhiteSpace(policyPath) && File.Exists("retrain.yaml"))
        {
            policyPath = "retrain.yaml";
        }

        if (string.IsNullOrWhiteSpace(policyPath) && policyRequired)
        {
            console.WriteError($"lineage: no retraining policy: pass --policy <yaml>, set {PolicyVariable}, or put retrain.yaml in the current folder.");
            return ExitCodes.Usage;
        }

        return RegistryCommands.Guard(console, () =>
        {
            var policy = string.IsNullOrWhiteSpace(policyPath) ? RetrainPolicy.Parse("{}", "<no policy>", Directory.GetCurrentDirectory()) : RetrainPolicy.Load(policyPath!);
            using var host = new RetrainHost(policy, directory!, console.Error, Runners);
            return action(host);
        });
    }

    // The runners the runtime library cannot carry (KubernetesClient is net8+ only): the tool adds them.
    private static readonly IReadOnlyDictionary<string, Func<ModelPolicy, IJobRunner>> Runners = new Dictionary<string, Func<ModelPolicy, IJobRunner>>(StringComparer.Ordinal)
    {
        ["kubernetes"] = KubernetesRunner,
    };

    private static IJobRunner KubernetesRunner(ModelPolicy model)
    {
        var settings = model.Training.Kubernetes;
        var inCluster = settings.Kubeconfig is null
            && string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBECONFIG"))
            && !string.IsNullOrEmpty(Environment.GetEnvironmentVariable("KUBERNETES_SERVICE_HOST"));
        var options = inCluster ? KubernetesRunnerOptions.InCluster(settings.Namespace) : KubernetesRunnerOptions.FromKubeconfig(settings.Kubeconfig, settings.Namespace);
        options.Image = settings.Image ?? string.Empty;
        options.ServiceAccountName = settings.ServiceAccount;
        return new KubernetesJobRunner(options);
    }

    private static System.Threading.Tasks.Task<int> Task(Func<int> action) => System.Threading.Tasks.Task.FromResult(action());

    private static DateTimeOffset ParseSince(string text) => TryParseSince(text)!.Value;

    private static DateTimeOffset? TryParseSince(string text)
    {
        if (text.EndsWith("d", StringComparison.Ordinal) && int.TryParse(text.Substring(0, text.Length - 1), NumberStyles.None, CultureInfo.InvariantCulture, out var days))
        {
            return DateTimeOffset.UtcNow.AddDays(-days);
        }

        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    private static void WriteNumber(Utf8JsonWriter w, string name, double value)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            w.WriteNull(name);
        }
        else
        {
            w.WriteNumber(name, value);
        }
    }

    private static string F(double value) => value.ToString("0.####", CultureInfo.InvariantCulture);
}
