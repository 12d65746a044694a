using System;
using System.Buffers;
using System.Collections.Generic;
using System.CommandLine;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using Lineage.Core.Diagnostics;
using Lineage.Core.Manifest;
using Lineage.Gate;
using Lineage.Registry;
using Lineage.Release;

namespace Lineage.Cli;

/// <summary>
/// <c>lineage gate</c> and <c>lineage registry promote|rollback|list|resolve|signoff|plan|verify</c>: thin front ends
/// over the Lineage runtime. Exit codes: 0 ok, 1 refused or a failed check (or invalid input), 2 usage.
/// </summary>
internal static class RegistryCommands
{
    /// <summary>The environment variable that names the registry when <c>--registry</c> is not given.</summary>
    public const string RegistryVariable = "LINEAGE_REGISTRY";

    private const string GateExtras =
        "Thresholds (YAML):\n" +
        "  metrics:\n" +
        "    groundedness: {min: 0.80}\n" +
        "    hallucination_score: {max: 0.10}\n" +
        "    latency_p95_ms: {max: 2500}\n" +
        "  slices:\n" +
        "    billing:\n" +
        "      groundedness: {min: 0.75}\n" +
        "Metrics (JSON): {\"groundedness\": 0.83, ..., \"slices\": {\"billing\": {\"groundedness\": 0.79}}}\n" +
        "\n" +
        "Writes <out>/quality_gate.txt (PASS or FAIL) and <out>/quality_gate.json (every check; the failed ones\n" +
        "named). A metric that a threshold names but the metrics lack fails the gate. Exit code 0 on PASS, 1 on FAIL.\n" +
        "\n" +
        "Example:\n" +
        "  lineage gate --thresholds config/gate.yaml --metrics results/metrics.json --out results";

    private const string RegistryExtras =
        "The registry is a directory: --registry <dir>, or the LINEAGE_REGISTRY environment variable.\n" +
        "Every change is atomic and safe with concurrent writers; see docs/registry.md.\n" +
        "\n" +
        "Examples:\n" +
        "  lineage registry promote --model-name plant001-circuit01 --model-path out/model.onnx \\\n" +
        "      --manifest obj/Release/net10.0/lineage-manifest.json --gate results/quality_gate.txt --metrics results/metrics.json\n" +
        "  lineage registry resolve --manifest artifacts/lineage-manifest.json --production --json\n" +
        "  lineage registry rollback --model-name plant001-circuit01 --previous --reason \"Spike in hallucinations\"\n" +
        "  lineage registry plan --manifest artifacts/lineage-manifest.json\n" +
        "  lineage registry verify\n" +
        "\n" +
        "Exit codes: 0 ok, 1 refused or a failed check, 2 usage.";

    private static readonly JsonWriterOptions JsonOptions = new() { Indented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Adds the commands to <paramref name="root"/>.</summary>
    public static void Add(RootCommand root, ConsoleOutput console, IDictionary<Command, string> extras)
    {
        var gate = GateCommand(console);
        extras.Add(gate, GateExtras);
        root.Add(gate);

        var registry = new Command("registry", "The model registry: promote, roll back, sign off, resolve releases by config hash, plan training, verify.");
        extras.Add(registry, RegistryExtras);
        root.Add(registry);
        registry.Add(Promote(console));
        registry.Add(Rollback(console));
        registry.Add(List(console));
        registry.Add(Resolve(console));
        registry.Add(SignOff(console));
        registry.Add(Plan(console));
        registry.Add(Verify(console));
    }

    private static Command GateCommand(ConsoleOutput console)
    {
        var thresholds = new Option<string>("--thresholds") { Description = "Thresholds YAML (min/max per metric, per slice).", HelpName = "yaml", Required = true };
        var metrics = new Option<string>("--metrics") { Description = "Metrics JSON of the evaluation.", HelpName = "json", Required = true };
        var output = new Option<string>("--out") { Description = "Folder for quality_gate.txt and quality_gate.json (default: current folder).", HelpName = "dir", DefaultValueFactory = _ => "." };
        var json = JsonOption("Print the JSON report instead of the summary.");
        var command = new Command("gate", "Evaluate the quality gate: thresholds against metrics; write quality_gate.txt (PASS/FAIL) and a JSON report.")
        {
            thresholds, metrics, output, json,
        };
        command.SetAction(parse => Guard(console, () =>
        {
            var outDir = parse.GetValue(output)!;
            var thresholdsPath = parse.GetValue(thresholds)!;
            var metricsPath = parse.GetValue(metrics)!;
            var result = QualityGate.Run(thresholdsPath, metricsPath, outDir);
            if (parse.GetValue(json))
            {
                console.Out.Write(Encoding.UTF8.GetString(QualityGate.Report(result, thresholdsPath, metricsPath)));
            }
            else
            {
                foreach (var check in result.Checks.Where(c => !c.Passed))
                {
                    console.Out.WriteLine($"FAIL  {check.Threshold.Path}: {check.Reason}");
                }

                console.Out.WriteLine($"quality gate {result.Status}: {result.Checks.Count(c => c.Passed)} of {result.Checks.Count} thresholds passed ({Path.Combine(outDir, QualityGate.StatusFileName)})");
            }

            return result.Passed ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }));
        return command;
    }

    private static Command Promote(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var modelName = ModelNameOption();
        var modelPath = new Option<string>("--model-path") { Description = "The model file; its SHA-256 and size are registered, the file is not copied.", HelpName = "file", Required = true };
        var metrics = new Option<string?>("--metrics") { Description = "Metrics JSON recorded with the version.", HelpName = "json" };
        var gate = new Option<string?>("--gate") { Description = "quality_gate.txt or quality_gate.json of lineage gate; FAIL refuses the promotion.", HelpName = "report" };
        var allowGateFail = new Option<bool>("--allow-gate-fail") { Description = "Promote even though the gate failed (recorded in the metadata)." };
        var configHash = new Option<string?>("--config-hash") { Description = "The config hash the model was trained from (taken from --manifest when given).", HelpName = "hash" };
        var tags = new Option<string[]>("--tag") { Description = "A tag key=value; repeat for more.", HelpName = "key=value", Arity = ArgumentArity.ZeroOrMore };
        var artifacts = new Option<string[]>("--artifact") { Description = "A small file (summary, report) to copy into the version folder; repeat for more.", HelpName = "file", Arity = ArgumentArity.ZeroOrMore };
        var manifest = new Option<string?>("--manifest") { Description = "The build's lineage-manifest.json: the circuit's tags, git commit, CI run and config file come from it.", HelpName = "lineage-manifest.json" };
        var json = JsonOption("Print the registered version as JSON.");
        var command = new Command("promote", "Register a model version (checksum, tags, metrics, artifacts, pipeline config) and move latest to it. Promoting the same model file and config hash again reports the existing version.")
        {
            registry, modelName, modelPath, metrics, gate, allowGateFail, configHash, tags, artifacts, manifest, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var name = parse.GetValue(modelName)!;
            var request = new PromoteRequest
            {
                ModelName = name,
                ModelPath = parse.GetValue(modelPath)!,
                AllowGateFailure = parse.GetValue(allowGateFail),
            };
            if (parse.GetValue(metrics) is { } metricsPath)
            {
                request.MetricsJson = ReadText(metricsPath, DiagnosticCodes.InvalidGateInput);
            }

            if (parse.GetValue(gate) is { } gatePath)
            {
                // The gate's evidence goes into the version folder: the status file and the report beside it.
                request.Gate = QualityGate.ReadStatus(gatePath);
                request.Artifacts.Add(gatePath);
                var report = Path.Combine(Path.GetDirectoryName(Path.GetFullPath(gatePath))!, QualityGate.ReportFileName);
                if (Path.GetFileName(gatePath) == QualityGate.StatusFileName && File.Exists(report))
                {
                    request.Artifacts.Add(report);
                }
            }

            if (parse.GetValue(manifest) is { } manifestPath)
            {
                RegistryNames.ValidateModelName(name);
                var file = ManifestFile.Read(manifestPath);
                var circuit = file.Find(name);
                foreach (var tag in file.TagsFor(circuit))
                {
                    request.Tags[tag.Key] = tag.Value;
                }

                request.PipelineConfigPath = file.ResolveConfigFile(circuit)
                    ?? throw new LineageException(DiagnosticCodes.InvalidArtifact, $"the config file of {name}, {circuit.ConfigFile}, was not found relative to the current folder or the manifest's folders; run from the project folder", manifestPath);
            }
            else if (CiRun.Detect(Environment.GetEnvironmentVariable) is { } ci)
            {
                request.Tags[RegistryTags.CiRun] = ci.JobName;
                if (ci.Url is not null)
                {
                    request.Tags[RegistryTags.CiRunUrl] = ci.Url;
                }
            }

            if (parse.GetValue(configHash) is { } hash)
            {
                if (request.Tags.TryGetValue(RegistryTags.ConfigHash, out var fromManifest) && fromManifest != hash)
                {
                    throw new LineageException(DiagnosticCodes.InvalidTag, $"--config-hash {hash} differs from the manifest's config hash {fromManifest} for {name}");
                }

                request.Tags[RegistryTags.ConfigHash] = hash;
            }

            foreach (var tag in parse.GetValue(tags) ?? Array.Empty<string>())
            {
                var eq = tag.IndexOf('=');
                if (eq <= 0)
                {
                    throw new LineageException(DiagnosticCodes.InvalidTag, $"--tag '{RegistryNames.Printable(tag)}' is not key=value");
                }

                var key = tag.Substring(0, eq);
                var value = tag.Substring(eq + 1);
                if (key == RegistryTags.ConfigHash && request.Tags.TryGetValue(key, out var existing) && existing != value)
                {
                    throw new LineageException(DiagnosticCodes.InvalidTag, $"--tag config_hash={value} differs from the config hash {existing} given otherwise");
                }

                request.Tags[key] = value;
            }

            foreach (var artifact in parse.GetValue(artifacts) ?? Array.Empty<string>())
            {
                request.Artifacts.Add(artifact);
            }

            var result = store.Promote(request);
            var v = result.Version;
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("created", result.Created);
                    WriteVersion(w, v);
                    w.WriteString("latest", result.Latest?.ToString());
                    w.WriteString("previous_latest", result.PreviousLatest?.ToString());
                    w.WriteEndObject();
                });
            }
            else if (result.Created)
            {
                var gateNote = v.GateFailureAllowed ? " (quality gate FAILED, promoted with --allow-gate-fail)" : string.Empty;
                console.Out.WriteLine($"promoted {v.Id}: sha256 {v.Sha256}, {v.Size} bytes, config hash {v.ConfigHash ?? "(none)"}{gateNote}");
                console.Out.WriteLine($"latest {v.ModelName}: {result.PreviousLatest?.ToString() ?? "(none)"} -> {v.Version}");
            }
            else
            {
                console.Out.WriteLine($"already registered as {v.Id} (same model file and config hash); nothing changed, latest is {result.Latest?.ToString() ?? "(none)"}");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Rollback(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var modelName = ModelNameOption();
        var previous = new Option<bool>("--previous") { Description = "Go back to the newest version older than latest." };
        var target = new Option<string?>("--target-version") { Description = "Go to this version (7, v7 or name_v7).", HelpName = "version" };
        var reason = new Option<string>("--reason") { Description = "Why; recorded in the rollback log.", HelpName = "text", Required = true };
        var json = JsonOption("Print the result as JSON.");
        var command = new Command("rollback", "Move latest back to an earlier version and write a timestamped rollback log with the reason and the actor.")
        {
            registry, modelName, previous, target, reason, json,
        };
        command.Validators.Add(r =>
        {
            var hasPrevious = r.GetValue(previous);
            var hasTarget = r.GetValue(target) is not null;
            if (hasPrevious == hasTarget)
            {
                r.AddError("Give exactly one of --previous and --target-version.");
            }
        });
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var name = parse.GetValue(modelName)!;
            RegistryNames.ValidateModelName(name);
            var request = new RollbackRequest
            {
                ModelName = name,
                Reason = parse.GetValue(reason)!,
                Ci = CiRun.Detect(Environment.GetEnvironmentVariable),
                TargetVersion = parse.GetValue(target) is { } t ? RegistryNames.ParseUserVersion(name, t) : null,
            };
            var result = store.Rollback(request);
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("model_name", result.ModelName);
                    w.WriteString("from", result.From.ToString());
                    w.WriteString("to", result.To.ToString());
                    w.WriteBoolean("changed", result.Changed);
                    w.WriteString("log_file", result.LogFile);
                    w.WriteEndObject();
                });
            }
            else if (result.Changed)
            {
                console.Out.WriteLine($"rolled back {result.ModelName}: {result.From} -> {result.To} (log: {result.LogFile})");
            }
            else
            {
                console.Out.WriteLine($"latest {result.ModelName} already is {result.To}; nothing changed");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command List(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var modelName = ModelNameOption();
        var json = JsonOption("Print the versions as JSON.");
        var command = new Command("list", "List a model's versions (oldest first) with config hash, sign-off and checksum; * marks latest.")
        {
            registry, modelName, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var name = parse.GetValue(modelName)!;
            var versions = store.FindVersions(name);
            if (versions.Count == 0)
            {
                throw new LineageException(DiagnosticCodes.NotInRegistry, $"model {name} is not in the registry {store.Location}");
            }

            var latest = store.GetLatest(name);
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteString("model_name", name);
                    w.WriteString("latest", latest?.ToString());
                    w.WriteStartArray("versions");
                    foreach (var v in versions)
                    {
                        w.WriteStartObject();
                        w.WriteString("version", v.Version.ToString());
                        w.WriteString("id", RegistryNames.VersionId(name, v.Version));
                        w.WriteBoolean("latest", latest is { } l && l.Equals(v.Version));
                        w.WriteString("promoted_at", v.PromotedAt);
                        w.WriteString("config_hash", v.ConfigHash);
                        w.WriteBoolean("production_ready", v.ProductionReady);
                        w.WriteString("sha256", v.Sha256);
                        w.WriteNumber("size", v.Size);
                        RegistryJsonTags(w, v.Tags);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
                return ExitCodes.Ok;
            }

            var rows = new List<string[]> { new[] { " ", "version", "promoted_at", "config_hash", "production", "sha256" } };
            foreach (var v in versions)
            {
                rows.Add(new[]
                {
                    latest is { } l && l.Equals(v.Version) ? "*" : " ",
                    v.Version.ToString(),
                    v.PromotedAt,
                    v.ConfigHash ?? "-",
                    v.ProductionReady ? "yes" : "-",
                    v.Sha256.Substring(0, Math.Min(12, v.Sha256.Length)),
                });
            }

            LineageCli.WriteTable(console.Out, rows);
            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Resolve(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var manifest = ManifestOption();
        var production = new Option<bool>("--production") { Description = "Only versions signed off as production_ready=true." };
        var requireAll = new Option<bool>("--require-all") { Description = "Fail (exit 1) when any circuit has no model for its current config." };
        var json = JsonOption("Print found, missing and duplicate hashes as JSON.");
        var command = new Command("resolve", "For each circuit of the manifest, find the newest version whose config_hash tag is the circuit's current hash. Missing circuits are reported, not fatal (partial training) unless --require-all.")
        {
            registry, manifest, production, requireAll, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var file = ManifestFile.Read(parse.GetValue(manifest)!);
            var result = ReleaseResolver.Resolve(store, file, parse.GetValue(production));
            ReportDuplicates(console, result.Duplicates);
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("production", result.Production);
                    w.WriteNumber("circuits", file.Circuits.Count);
                    w.WriteStartArray("found");
                    foreach (var f in result.Found)
                    {
                        w.WriteStartObject();
                        w.WriteString("model_name", f.ModelName);
                        w.WriteString("config_hash", f.ConfigHash);
                        w.WriteString("version", f.Version.Version.ToString());
                        w.WriteString("id", f.Id);
                        w.WriteBoolean("production_ready", f.Version.ProductionReady);
                        w.WriteString("sha256", f.Version.Sha256);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteStartArray("missing");
                    foreach (var m in result.Missing)
                    {
                        w.WriteStartObject();
                        w.WriteString("model_name", m.ModelName);
                        w.WriteString("config_hash", m.ConfigHash);
                        w.WriteString("reason", m.Reason);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    WriteDuplicates(w, result.Duplicates);
                    w.WriteEndObject();
                });
            }
            else
            {
                var rows = new List<string[]> { new[] { "model_name", "config_hash", "version", "status" } };
                rows.AddRange(result.Found.Select(f => new[] { f.ModelName, f.ConfigHash, f.Version.Version.ToString(), f.Version.ProductionReady ? "found (production)" : "found" }));
                rows.AddRange(result.Missing.Select(m => new[] { m.ModelName, m.ConfigHash, "-", "missing: " + m.Reason }));
                LineageCli.WriteTable(console.Out, rows);
                console.Out.WriteLine($"{result.Found.Count} of {file.Circuits.Count} circuits resolved{(result.Production ? " (production_ready only)" : string.Empty)}; {result.Missing.Count} missing");
            }

            if (parse.GetValue(requireAll) && result.Missing.Count > 0)
            {
                console.Report(new LineageException(DiagnosticCodes.MissingModels, $"--require-all: {result.Missing.Count} circuit(s) have no model for their current config: {string.Join(", ", result.Missing.Take(10).Select(m => m.ModelName))}{(result.Missing.Count > 10 ? ", ..." : string.Empty)}"));
                return ExitCodes.InvalidInput;
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command SignOff(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var modelName = ModelNameOption();
        var version = new Option<string>("--version") { Description = "The version to sign off (7, v7 or name_v7).", HelpName = "version", Required = true };
        var reason = new Option<string>("--reason") { Description = "Why; recorded with the sign-off.", HelpName = "text", Required = true };
        var json = JsonOption("Print the signed-off version as JSON.");
        var command = new Command("signoff", "Tag a version production_ready=true, with who signed it off, when and why (QA sign-off, seed 000).")
        {
            registry, modelName, version, reason, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var name = parse.GetValue(modelName)!;
            RegistryNames.ValidateModelName(name);
            var result = store.SignOff(new SignOffRequest
            {
                ModelName = name,
                Version = RegistryNames.ParseUserVersion(name, parse.GetValue(version)),
                Reason = parse.GetValue(reason)!,
            });
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("changed", result.Changed);
                    WriteVersion(w, result.Version);
                    w.WriteEndObject();
                });
            }
            else
            {
                var tags = result.Version.Tags;
                console.Out.WriteLine(result.Changed
                    ? $"signed off {result.Version.Id}: production_ready=true by {tags[RegistryTags.SignedOffBy]}"
                    : $"{result.Version.Id} was already signed off by {Tag(tags, RegistryTags.SignedOffBy)} at {Tag(tags, RegistryTags.SignedOffAt)}; nothing changed");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Plan(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var manifest = ManifestOption();
        var json = JsonOption("Print the plan as JSON.");
        var command = new Command("plan", "For the current configs: which circuits need training, which are deployable, which deployed models drifted from their config.")
        {
            registry, manifest, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var file = ManifestFile.Read(parse.GetValue(manifest)!);
            var plan = ReleaseResolver.Plan(store, file);
            ReportDuplicates(console, plan.Duplicates);
            int training = plan.Entries.Count(e => e.Status == PlanStatus.NeedsTraining);
            int deployable = plan.Entries.Count(e => e.Status == PlanStatus.Deployable);
            int upToDate = plan.Entries.Count(e => e.Status == PlanStatus.UpToDate);
            int drift = plan.Entries.Count(e => e.ConfigDrift);
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteStartObject("summary");
                    w.WriteNumber("circuits", plan.Entries.Count);
                    w.WriteNumber("needs_training", training);
                    w.WriteNumber("deployable", deployable);
                    w.WriteNumber("up_to_date", upToDate);
                    w.WriteNumber("config_drift", drift);
                    w.WriteEndObject();
                    w.WriteStartArray("circuits");
                    foreach (var e in plan.Entries)
                    {
                        w.WriteStartObject();
                        w.WriteString("model_name", e.ModelName);
                        w.WriteString("config_hash", e.ConfigHash);
                        w.WriteString("status", StatusName(e.Status));
                        w.WriteString("candidate", e.Candidate?.ToString());
                        w.WriteBoolean("candidate_production_ready", e.CandidateProductionReady);
                        w.WriteString("latest", e.Latest?.ToString());
                        w.WriteString("latest_config_hash", e.LatestConfigHash);
                        w.WriteBoolean("config_drift", e.ConfigDrift);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    WriteDuplicates(w, plan.Duplicates);
                    w.WriteEndObject();
                });
            }
            else
            {
                var rows = new List<string[]> { new[] { "model_name", "config_hash", "status", "candidate", "latest", "drift" } };
                rows.AddRange(plan.Entries.Select(e => new[]
                {
                    e.ModelName,
                    e.ConfigHash,
                    StatusName(e.Status),
                    e.Candidate is { } c ? c + (e.CandidateProductionReady ? " (production)" : string.Empty) : "-",
                    e.Latest?.ToString() ?? "-",
                    e.ConfigDrift ? "config drift: latest trained from " + (e.LatestConfigHash ?? "(no hash)") : "-",
                }));
                LineageCli.WriteTable(console.Out, rows);
                console.Out.WriteLine($"{plan.Entries.Count} circuits: {training} need training, {deployable} deployable, {upToDate} up to date; {drift} with config drift");
            }

            return ExitCodes.Ok;
        }));
        return command;
    }

    private static Command Verify(ConsoleOutput console)
    {
        var registry = RegistryOption();
        var json = JsonOption("Print the findings as JSON.");
        var command = new Command("verify", "Check the registry: complete version folders, artifact and model file checksums, latest pointers, indexes, rollback logs. Exit 1 when anything is broken.")
        {
            registry, json,
        };
        command.SetAction(parse => WithRegistry(console, parse.GetValue(registry), store =>
        {
            var report = store.Verify();
            if (parse.GetValue(json))
            {
                WriteJson(console, w =>
                {
                    w.WriteStartObject();
                    w.WriteBoolean("valid", report.IsValid);
                    w.WriteNumber("models", report.Models);
                    w.WriteNumber("versions", report.Versions);
                    w.WriteNumber("model_files_checked", report.ModelFilesChecked);
                    w.WriteStartArray("findings");
                    foreach (var f in report.Findings)
                    {
                        w.WriteStartObject();
                        w.WriteString("severity", f.IsError ? "error" : "note");
                        w.WriteString("code", f.Code);
                        w.WriteString("subject", f.Subject);
                        w.WriteString("message", f.Message);
                        w.WriteEndObject();
                    }

                    w.WriteEndArray();
                    w.WriteEndObject();
                });
            }
            else
            {
                foreach (var f in report.Findings)
                {
                    console.Out.WriteLine(f.IsError ? $"error {f.Code}: {f.Subject}: {f.Message}" : $"note: {f.Subject}: {f.Message}");
                }

                var errors = report.Findings.Count(f => f.IsError);
                console.Out.WriteLine(report.IsValid
                    ? $"registry OK: {report.Models} models, {report.Versions} versions, {report.ModelFilesChecked} model files checked"
                    : $"registry INVALID: {errors} error(s); {report.Models} models, {report.Versions} versions");
            }

            return report.IsValid ? ExitCodes.Ok : ExitCodes.InvalidInput;
        }));
        return command;
    }

    // ---- shared pieces ----

    internal static Option<string?> RegistryOption() => new("--registry")
    {
        Description = $"The registry directory (default: ${RegistryVariable}).",
        HelpName = "dir",
    };

    private static Option<string> ModelNameOption() => new("--model-name")
    {
        Description = "The model name (one per circuit, e.g. plant001-circuit01).",
        HelpName = "name",
        Required = true,
    };

    private static Option<string> ManifestOption() => new("--manifest")
    {
        Description = "The lineage-manifest.json of the current configs (written by the Lineage.Build package).",
        HelpName = "file",
        Required = true,
    };

    internal static Option<bool> JsonOption(string description) => new("--json") { Description = description };

    internal static int WithRegistry(ConsoleOutput console, string? option, Func<IModelRegistry, int> action)
    {
        var directory = string.IsNullOrWhiteSpace(option) ? Environment.GetEnvironmentVariable(RegistryVariable) : option;
        if (string.IsNullOrWhiteSpace(directory))
        {
            console.WriteError($"lineage: no registry: pass --registry <dir> or set {RegistryVariable}.");
            return ExitCodes.Usage;
        }

        return Guard(console, () => action(new FileSystemRegistry(directory!)));
    }

    internal static int Guard(ConsoleOutput console, Func<int> action)
    {
        try
        {
            return action();
        }
        catch (LineageException ex)
        {
            console.Report(ex);
            return ExitCodes.InvalidInput;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            console.WriteError("lineage: error: " + ex.Message);
            return ExitCodes.InvalidInput;
        }
    }

    internal static string ReadText(string path, string code)
    {
        try
        {
            return File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new LineageException(code, "cannot be read: " + ex.Message, path);
        }
    }

    private static void ReportDuplicates(ConsoleOutput console, IReadOnlyList<DuplicateHash> duplicates)
    {
        foreach (var d in duplicates)
        {
            console.WriteError($"lineage: warning {DiagnosticCodes.DuplicateConfigHash}: config hash {d.ConfigHash} is shared by {string.Join(", ", d.ModelNames)} (identical configs, or a hash collision)");
        }
    }

    private static void WriteDuplicates(Utf8JsonWriter w, IReadOnlyList<DuplicateHash> duplicates)
    {
        w.WriteStartArray("duplicate_config_hashes");
        foreach (var d in duplicates)
        {
            w.WriteStartObject();
            w.WriteString("config_hash", d.ConfigHash);
            w.WriteStartArray("model_names");
            foreach (var m in d.ModelNames)
            {
                w.WriteStringValue(m);
            }

            w.WriteEndArray();
            w.WriteEndObject();
        }

        w.WriteEndArray();
    }

    private static void WriteVersion(Utf8JsonWriter w, ModelVersion v)
    {
        w.WriteString("model_name", v.ModelName);
        w.WriteString("version", v.Version.ToString());
        w.WriteString("id", v.Id);
        w.WriteString("model_path", v.ModelPath);
        w.WriteString("sha256", v.Sha256);
        w.WriteNumber("size", v.Size);
        w.WriteString("quality_gate", v.Gate.ToString().ToUpperInvariant());
        w.WriteBoolean("gate_failure_allowed", v.GateFailureAllowed);
        w.WriteString("promoted_by", v.PromotedBy);
        w.WriteString("promoted_at", v.PromotedAt);
        RegistryJsonTags(w, v.Tags);
    }

    private static void RegistryJsonTags(Utf8JsonWriter w, IReadOnlyDictionary<string, string> tags)
    {
        w.WriteStartObject("tags");
        foreach (var tag in tags)
        {
            w.WriteString(tag.Key, tag.Value);
        }

        w.WriteEndObject();
    }

    internal static void WriteJson(ConsoleOutput console, Action<Utf8JsonWriter> write)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var json = new Utf8JsonWriter(buffer, JsonOptions))
        {
            write(json);
        }

        console.Out.WriteLine(Encoding.UTF8.GetString(buffer.WrittenSpan));
    }

    private static string StatusName(PlanStatus status) => status switch
    {
        PlanStatus.NeedsTraining => "needs-training",
        PlanStatus.Deployable => "deployable",
        _ => "up-to-date",
    };

    private static string Tag(IReadOnlyDictionary<string, string> tags, string key) => tags.TryGetValue(key, out var value) ? value : "?";
}
