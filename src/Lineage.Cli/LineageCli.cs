using System;
using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;
using System.CommandLine.Parsing;
using System.IO;
using System.Text;
using Lineage.Core.Circuits;
using Lineage.Core.Diagnostics;
using Lineage.Core.Hashing;
using Lineage.Core.Manifest;
using Lineage.Core.Study;
using Lineage.Core.Yaml;

namespace Lineage.Cli;

/// <summary>The command tree of <c>lineage</c> and the actions behind it.</summary>
internal static class LineageCli
{
    private const string RootExtras =
        "Examples:\n" +
        "  lineage hash config/train.yaml config/eval.yaml\n" +
        "  lineage circuits hash config/circuits.yaml\n" +
        "  lineage circuits generate config/circuits.yaml --out config/circuits\n" +
        "  lineage study-key --data config/data.yaml --hpo config/hpo.yaml --train config/train.yaml --model distilbert\n" +
        "  lineage trial-key --study-key-hash <64 hex> --params trial_params.yaml\n" +
        "  lineage drift --reference data/train.csv --current data/recent.csv\n" +
        "\n" +
        "Exit codes:\n" +
        "  0  success\n" +
        "  1  invalid input: a file is missing, unreadable or not valid, an output cannot be written, or the\n" +
        "     Python reference would raise on the configs (study-key, trial-key)\n" +
        "  2  usage error: unknown command or option, missing argument\n" +
        "  3  drift detected (lineage drift --fail-on-drift)\n" +
        "\n" +
        "Hashes equal the Python reference: md5(yaml.dump(config_without_metadata, sort_keys=True,\n" +
        "default_flow_style=False).encode()).hexdigest()[:12], with yaml.safe_load semantics.";

    private const string HashExtras =
        "Examples:\n" +
        "  lineage hash config/train.yaml\n" +
        "      a1b2c3d4e5f6  config/train.yaml\n" +
        "  lineage hash config/*.yaml > hashes.txt\n" +
        "  lineage hash --json config/train.yaml\n" +
        "  cat config/train.yaml | lineage hash -\n" +
        "\n" +
        "A file that cannot be hashed is reported on standard error as file(line,col): error LINxxxx: message;\n" +
        "the other files are still hashed and the exit code is 1.";

    private const string CircuitsExtras =
        "Examples:\n" +
        "  lineage circuits hash config/circuits.yaml\n" +
        "  lineage circuits generate config/circuits.yaml --out config/circuits";

    private const string CircuitsHashExtras =
        "Examples:\n" +
        "  lineage circuits hash config/circuits.yaml\n" +
        "      plant_id  circuit_id  model_name          config_hash\n" +
        "      PLANT001  CIRCUIT01   plant001-circuit01  a1b2c3d4e5f6\n" +
        "  lineage circuits hash --json config/circuits.yaml";

    private const string GenerateExtras =
        "Examples:\n" +
        "  lineage circuits generate config/circuits.yaml --out config/circuits\n" +
        "  SOURCE_DATE_EPOCH=$(git log -1 --format=%ct) lineage circuits generate config/circuits.yaml -o out\n" +
        "  lineage circuits generate config/circuits.yaml -o config/circuits --manifest lineage-manifest.json\n" +
        "\n" +
        "Each file is the circuit's keys in file order followed by metadata (config_hash, generated_at,\n" +
        "description), written as yaml.dump(circuit, default_flow_style=False, sort_keys=False) writes it.\n" +
        "generated_at is UTC, from SOURCE_DATE_EPOCH when set, else the current time. A file whose content\n" +
        "would not change, or would change only in generated_at, is not touched. Every circuit is validated\n" +
        "first (plant_id and circuit_id present, unique, usable in file names on Windows, macOS and Linux):\n" +
        "with any problem, nothing is written. --manifest writes the lineage manifest of the MSBuild package\n" +
        "(docs/lineage-manifest.schema.json; paths relative to the current folder, git commit and CI run read\n" +
        "from the repository and the environment) when its content changed.";

    private const string StudyKeyExtras =
        "Examples:\n" +
        "  lineage study-key --data config/data.yaml --hpo config/hpo.yaml --train config/train.yaml --model distilbert-base-uncased\n" +
        "      584922ce...(64 hex digits)\n" +
        "  lineage study-key --data d.yaml --hpo h.yaml --train t.yaml --model bert --benchmark b.yaml --json\n" +
        "\n" +
        "The hash is the SHA-256 of study key v2, the canonical JSON of the study's data, HPO, training and\n" +
        "evaluation settings and the backbone, equal to the Python reference's build_hpo_study_key_hash. Where the\n" +
        "Python code would raise (a section that is not a mapping, a date or set in the JSON, keys that cannot be\n" +
        "sorted), the reason is printed and the exit code is 1. --benchmark changes only the v1 and family keys.";

    private const string TrialKeyExtras =
        "Examples:\n" +
        "  lineage trial-key --study-key-hash 584922ce...(64 hex digits) --params trial_params.yaml\n" +
        "  echo '{\"learning_rate\": 3e-05, \"batch_size\": 16}' | lineage trial-key --study-key-hash <hex> --params -\n" +
        "\n" +
        "Floats are rounded to 13 significant digits, text is lower-cased and stripped as Python does, so the hash\n" +
        "equals build_hpo_trial_key_hash. The study key hash must be the full 64 digits: the 8-digit study-<hash>\n" +
        "folder name is not enough.";

    /// <summary>Parses <paramref name="args"/>, runs the command and returns the exit code.</summary>
    public static int Run(string[] args)
    {
        using var console = ConsoleOutput.Open();
        try
        {
            return Run(args, console);
        }
        finally
        {
            console.Flush();
        }
    }

    private static int Run(string[] args, ConsoleOutput console)
    {
        var root = BuildCommands(console);

        // File arguments are taken literally: no @response-file expansion.
        var result = root.Parse(args, new ParserConfiguration { ResponseFileTokenReplacer = null });
        if (result.Action is ParseErrorAction)
        {
            foreach (var error in result.Errors)
            {
                console.WriteError("lineage: " + error.Message);
            }

            console.WriteError($"Run '{CommandPath(result.CommandResult.Command)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var unknown = UnknownOption(result);
        if (unknown is not null && result.Action is not HelpWithExtras)
        {
            console.WriteError($"lineage: Unrecognized option '{unknown}'. To name a file that starts with '-', write ./{unknown} or put it after '--'.");
            console.WriteError($"Run '{CommandPath(result.CommandResult.Command)} --help' for usage.");
            return ExitCodes.Usage;
        }

        var invocation = new InvocationConfiguration
        {
            Output = console.Out,
            Error = console.Error,
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return result.Invoke(invocation);
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            console.WriteError("lineage: error: " + InternalError(ex));
            return ExitCodes.InvalidInput;
        }
    }

    private static string InternalError(Exception ex) =>
        $"internal error, a bug in Lineage (please report it with the input): {ex}";

    // An argument of arity "one or more" swallows unknown options as values; catch them before they are
    // mistaken for file names. "-" alone is standard input, and anything after "--" is taken literally.
    private static string? UnknownOption(ParseResult result)
    {
        foreach (var token in result.Tokens)
        {
            if (token.Type == TokenType.DoubleDash)
            {
                return null;
            }

            if (token.Type == TokenType.Argument && token.Value.Length > 1 && token.Value[0] == '-')
            {
                return token.Value;
            }
        }

        return null;
    }

    private static RootCommand BuildCommands(ConsoleOutput console)
    {
        var extras = new Dictionary<Command, string>();
        var root = new RootCommand(
            "Lineage.Build: config hashes for ML model lineage, identical to the Python reference (PyYAML + MD5), " +
            "per-circuit config files for the model registry, and HPO study and trial keys.");
        extras.Add(root, RootExtras);

        var maxFileSize = new Option<long>("--max-file-size")
        {
            Description = "Refuse YAML files larger than this many bytes; real configs are kilobytes.",
            HelpName = "bytes",
            Recursive = true,
            DefaultValueFactory = _ => YamlLoadOptions.Default.MaxFileBytes,
        };
        maxFileSize.Validators.Add(r =>
        {
            if (r.GetValueOrDefault<long>() <= 0)
            {
                r.AddError("--max-file-size must be a positive number of bytes.");
            }
        });
        root.Options.Add(maxFileSize);
        YamlLoadOptions Limits(ParseResult parse) => new() { MaxFileBytes = parse.GetValue(maxFileSize) };

        var hashFiles = new Argument<string[]>("file.yaml")
        {
            Description = "YAML config files whose top level is a mapping; '-' reads standard input.",
            Arity = ArgumentArity.OneOrMore,
        };
        var hashJson = new Option<bool>("--json")
        {
            Description = "Print a JSON array of {file, hash, canonical} instead, canonical being the sorted YAML the hash is computed from.",
        };
        var hash = new Command("hash", "Print the config hash of each file as md5sum does: '<hash>  <file>'. The top-level 'metadata' key is left out of the hash.")
        {
            hashFiles,
            hashJson,
        };
        hash.SetAction(parse => Hash(console, parse.GetValue(hashFiles) ?? Array.Empty<string>(), parse.GetValue(hashJson), Limits(parse)));
        extras.Add(hash, HashExtras);
        root.Add(hash);

        var circuits = new Command("circuits", "Work with a master circuits.yaml: a top-level mapping whose 'circuits' key lists one mapping per circuit, each with plant_id and circuit_id.");
        extras.Add(circuits, CircuitsExtras);
        root.Add(circuits);

        var circuitsHashFile = new Argument<string>("circuits.yaml")
        {
            Description = "The master circuit catalog.",
        };
        var circuitsHashJson = new Option<bool>("--json")
        {
            Description = "Print a JSON array with plant_id, circuit_id, model_name, config_hash, cutoff_date, file_name and line of each circuit.",
        };
        var circuitsHash = new Command("hash", "Print each circuit's config hash (the circuit alone, its own 'metadata' left out) in a table of plant_id, circuit_id, model_name and config_hash.")
        {
            circuitsHashFile,
            circuitsHashJson,
        };
        circuitsHash.SetAction(parse => CircuitsHash(console, parse.GetValue(circuitsHashFile)!, parse.GetValue(circuitsHashJson), Limits(parse)));
        extras.Add(circuitsHash, CircuitsHashExtras);
        circuits.Add(circuitsHash);

        var generateFile = new Argument<string>("circuits.yaml")
        {
            Description = "The master circuit catalog.",
        };
        var generateOut = new Option<string>("--out", "-o")
        {
            Description = "Folder to write the circuit files into; created when missing.",
            HelpName = "dir",
            Required = true,
        };
        var generateManifest = new Option<string?>("--manifest")
        {
            Description = "Also write the tagged lineage manifest (as the Lineage.Build MSBuild package does) to this file.",
            HelpName = "file",
        };
        var generate = new Command("generate", "Write one file per circuit, {plant_id}_{circuit_id}.yaml, holding the circuit and a metadata section with its config_hash, as the seed's generate_circuit_configs.py does.")
        {
            generateFile,
            generateOut,
            generateManifest,
        };
        generate.SetAction(parse => Generate(console, parse.GetValue(generateFile)!, parse.GetValue(generateOut)!, parse.GetValue(generateManifest), Limits(parse)));
        extras.Add(generate, GenerateExtras);
        circuits.Add(generate);

        AddStudyCommands(root, extras, console, Limits);
        RegistryCommands.Add(root, console, extras);
        RetrainCommands.Add(root, console, extras);
        DriftCommand.Add(root, console, extras);

        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
            {
                help.Action = new HelpWithExtras(standard, extras);
            }
        }

        return root;
    }

    private static void AddStudyCommands(RootCommand root, Dictionary<Command, string> extras, ConsoleOutput console, Func<ParseResult, YamlLoadOptions> limits)
    {
        Option<string> FileOption(string name, string description, bool required = true) => new(name)
        {
            Description = description,
            HelpName = "yaml",
            Required = required,
        };

        var data = FileOption("--data", "The data config (YAML): name, version, schema, split_seed, label_mapping, content_hash ...");
        var hpo = FileOption("--hpo", "The HPO config (YAML): search_space, objective, k_fold, sampling, early_termination ...");
        var train = FileOption("--train", "The training config (YAML): max_steps, num_epochs, seed_policy, eval ...");
        var benchmark = FileOption("--benchmark", "The benchmark config (YAML); used by the v1 and family keys only.", required: false);
        var model = new Option<string>("--model")
        {
            Description = "The backbone name; lower-cased and stripped as Python's str.lower().strip() do.",
            HelpName = "name",
            Required = true,
        };
        var studyJson = new Option<bool>("--json")
        {
            Description = "Print a JSON object with study_key_hash, study_key (the canonical text), data_fingerprint, eval_fingerprint, study_key_v1_hash and family_hash.",
        };
        var studyKey = new Command("study-key", "Print the HPO study key hash (v2) of a data, HPO and training config and a backbone, as the Python reference computes it.")
        {
            data,
            hpo,
            train,
            model,
            benchmark,
            studyJson,
        };
        studyKey.SetAction(parse => StudyKey(
            console,
            parse.GetValue(data)!,
            parse.GetValue(hpo)!,
            parse.GetValue(train)!,
            parse.GetValue(model)!,
            parse.GetValue(benchmark),
            parse.GetValue(studyJson),
            limits(parse)));
        extras.Add(studyKey, StudyKeyExtras);
        root.Add(studyKey);

        var studyKeyHash = new Option<string>("--study-key-hash")
        {
            Description = "The study key hash: 64 lowercase hex digits.",
            HelpName = "hex",
            Required = true,
        };
        studyKeyHash.Validators.Add(r =>
        {
            var value = r.GetValueOrDefault<string>() ?? string.Empty;
            if (!IsStudyKeyHash(value))
            {
                r.AddError($"--study-key-hash must be the 64 lowercase hex digits of a study key hash, not '{value}'" +
                    (value.Length == 8 ? " (the 8-digit study-<hash> folder name is not enough)." : "."));
            }
        });
        var paramsFile = new Option<string>("--params")
        {
            Description = "The trial's hyperparameters, a mapping: JSON is read as json.load reads it (3e-05 is a float), anything else as yaml.safe_load; '-' reads standard input.",
            HelpName = "yaml|json",
            Required = true,
        };
        var trialJson = new Option<bool>("--json")
        {
            Description = "Print a JSON object with trial_key_hash and trial_key (the canonical text).",
        };
        var trialKey = new Command("trial-key", "Print the HPO trial key hash of a study key hash and a trial's hyperparameters, as the Python reference computes it.")
        {
            studyKeyHash,
            paramsFile,
            trialJson,
        };
        trialKey.SetAction(parse => TrialKey(console, parse.GetValue(studyKeyHash)!, parse.GetValue(paramsFile)!, parse.GetValue(trialJson), limits(parse)));
        extras.Add(trialKey, TrialKeyExtras);
        root.Add(trialKey);
    }

    private static bool IsStudyKeyHash(string value)
    {
        if (value.Length != 64)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f')))
            {
                return false;
            }
        }

        return true;
    }

    private static int StudyKey(ConsoleOutput console, string dataPath, string hpoPath, string trainPath, string model, string? benchmarkPath, bool json, YamlLoadOptions limits)
    {
        try
        {
            var dataConfig = LoadConfig(dataPath, limits);
            var hpoConfig = LoadConfig(hpoPath, limits);
            var trainConfig = LoadConfig(trainPath, limits);
            var benchmarkConfig = benchmarkPath is null ? null : LoadConfig(benchmarkPath, limits);
            if (!json)
            {
                console.Out.WriteLine(HpoKeys.Hash64(HpoKeys.StudyKeyV2(dataConfig, hpoConfig, trainConfig, model)));
                return ExitCodes.Ok;
            }

            JsonOutput.WriteStudyKeys(console.Out, HpoKeys.ComputeAll(dataConfig, hpoConfig, trainConfig, model, benchmarkConfig));
            return ExitCodes.Ok;
        }
        catch (LineageException ex)
        {
            console.Report(ex);
            return ExitCodes.InvalidInput;
        }
    }

    private static int TrialKey(ConsoleOutput console, string studyKeyHash, string paramsPath, bool json, YamlLoadOptions limits)
    {
        try
        {
            var text = paramsPath == "-" ? ReadStandardInput(limits) : PyYaml.ReadFile(paramsPath, limits);
            var hyperparameters = HpoKeys.LoadHyperparameters(text, paramsPath, limits);
            var key = HpoKeys.TrialKey(studyKeyHash, hyperparameters);
            var hash = HpoKeys.Hash64(key);
            if (json)
            {
                JsonOutput.WriteTrialKey(console.Out, hash, key);
            }
            else
            {
                console.Out.WriteLine(hash);
            }

            return ExitCodes.Ok;
        }
        catch (LineageException ex)
        {
            console.Report(ex);
            return ExitCodes.InvalidInput;
        }
    }

    // The loaded value as yaml.safe_load returns it (an empty file is None); the key functions decide what they accept.
    private static object? LoadConfig(string path, YamlLoadOptions limits)
    {
        var text = path == "-" ? ReadStandardInput(limits) : PyYaml.ReadFile(path, limits);
        return PyYaml.Load(text, path, limits);
    }

    private static int Hash(ConsoleOutput console, string[] files, bool json, YamlLoadOptions limits)
    {
        var results = json ? new List<(string File, ConfigHashResult Result)>(files.Length) : null;
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                var text = file == "-" ? ReadStandardInput(limits) : PyYaml.ReadFile(file, limits);
                var result = ConfigHash.Compute(text, file, limits);
                if (results is not null)
                {
                    results.Add((file, result));
                }
                else
                {
                    console.Out.WriteLine(Md5SumLine(result.Hash, file));
                }
            }
            catch (LineageException ex)
            {
                failed++;
                console.Report(ex.WithFile(file));
            }
            catch (Exception ex) when (ex is not OutOfMemoryException)
            {
                // A bug in Lineage must not cost the other files their hashes; report it and carry on.
                failed++;
                console.WriteError($"{file}: error: {InternalError(ex)}");
            }
        }

        if (results is not null)
        {
            JsonOutput.WriteHashes(console.Out, results);
        }

        return failed > 0 ? ExitCodes.InvalidInput : ExitCodes.Ok;
    }

    private static int CircuitsHash(ConsoleOutput console, string path, bool json, YamlLoadOptions limits)
    {
        // Only hashes are printed: the circuits' values need not outlive their hashing.
        var catalog = CircuitCatalog.Load(path, limits, keepConfigs: false);
        if (catalog.HasErrors)
        {
            ReportAll(console, catalog.Errors, path, nothingWritten: false);
            return ExitCodes.InvalidInput;
        }

        if (json)
        {
            JsonOutput.WriteCircuits(console.Out, catalog.Circuits);
            return ExitCodes.Ok;
        }

        var rows = new List<string[]>(catalog.Circuits.Count + 1)
        {
            new[] { CircuitCatalog.PlantIdKey, CircuitCatalog.CircuitIdKey, "model_name", "config_hash" },
        };
        foreach (var circuit in catalog.Circuits)
        {
            rows.Add(new[] { circuit.PlantId, circuit.CircuitId, circuit.ModelName, circuit.ConfigHash });
        }

        WriteTable(console.Out, rows);
        return ExitCodes.Ok;
    }

    private static int Generate(ConsoleOutput console, string path, string outputDirectory, string? manifestPath, YamlLoadOptions limits)
    {
        // The MSBuild task's code path: every check before the first write, atomic writes, the same manifest.
        var request = new LineageGenerationRequest
        {
            ProjectDirectory = Directory.GetCurrentDirectory(),
            LoadOptions = limits,
            Ci = CiRun.Detect(Environment.GetEnvironmentVariable),
        };
        request.Catalogs.Add(new CatalogSource(path, outputDirectory));
        if (!string.IsNullOrEmpty(manifestPath))
        {
            request.ManifestPaths.Add(Path.GetFullPath(manifestPath));
        }

        try
        {
            request.GeneratedAt = GeneratedAt.FromEnvironment();
        }
        catch (LineageException ex)
        {
            // Report catalog problems in the same run as a bad SOURCE_DATE_EPOCH.
            var errors = new List<LineageException>(CircuitCatalog.Load(path, limits).Errors) { ex };
            ReportAll(console, errors, path, nothingWritten: true);
            return ExitCodes.InvalidInput;
        }

        var result = LineageGenerator.Run(request);
        int created = 0, updated = 0, unchanged = 0;
        foreach (var file in result.Files)
        {
            var label = file.Status switch
            {
                CircuitFileStatus.Created => "created  ",
                CircuitFileStatus.Updated => "updated  ",
                _ => "unchanged",
            };
            created += file.Status == CircuitFileStatus.Created ? 1 : 0;
            updated += file.Status == CircuitFileStatus.Updated ? 1 : 0;
            unchanged += file.Status == CircuitFileStatus.Unchanged ? 1 : 0;
            console.Out.WriteLine($"{label}  {file.Circuit.FileName} (hash: {file.Circuit.ConfigHash})");
        }

        if (result.HasErrors)
        {
            ReportAll(console, result.Errors, path, nothingWritten: result.Files.Count == 0);
            return ExitCodes.InvalidInput;
        }

        console.Out.WriteLine(
            $"{Plural(result.Files.Count, "circuit file")} in {outputDirectory}: {created} created, {updated} updated, {unchanged} unchanged");
        if (!string.IsNullOrEmpty(manifestPath))
        {
            console.Out.WriteLine($"lineage manifest {manifestPath}: {(result.ManifestsWritten.Count > 0 ? "written" : "unchanged")}");
        }

        return ExitCodes.Ok;
    }

    private static void ReportAll(ConsoleOutput console, IReadOnlyList<LineageException> errors, string path, bool nothingWritten)
    {
        foreach (var error in errors)
        {
            console.Report(error);
        }

        var summary = $"lineage: {Plural(errors.Count, "problem")} in {path}";
        console.WriteError(nothingWritten ? summary + "; no files were written" : summary);
    }

    /// <summary>Rows as columns padded to their widest cell, two spaces apart (every table the CLI prints).</summary>
    internal static void WriteTable(TextWriter output, List<string[]> rows)
    {
        var widths = new int[rows[0].Length];
        foreach (var row in rows)
        {
            for (var i = 0; i < row.Length; i++)
            {
                widths[i] = Math.Max(widths[i], row[i].Length);
            }
        }

        var line = new StringBuilder(128);
        foreach (var row in rows)
        {
            line.Clear();
            for (var i = 0; i < row.Length; i++)
            {
                line.Append(row[i]);
                if (i < row.Length - 1)
                {
                    line.Append(' ', widths[i] - row[i].Length + 2);
                }
            }

            output.WriteLine(line.ToString());
        }
    }

    // md5sum's convention: a name holding a line break is escaped and the line marked with a leading backslash,
    // so one file is always one line.
    private static string Md5SumLine(string hash, string file)
    {
        if (file.IndexOf('\n') < 0 && file.IndexOf('\r') < 0)
        {
            return hash + "  " + file;
        }

        var escaped = file.Replace("\\", "\\\\").Replace("\n", "\\n").Replace("\r", "\\r");
        return "\\" + hash + "  " + escaped;
    }

    private static string ReadStandardInput(YamlLoadOptions limits)
    {
        using var stdin = Console.OpenStandardInput();
        using var buffer = new MemoryStream();
        stdin.CopyTo(buffer);
        var limit = limits.MaxFileBytes;
        if (buffer.Length > limit)
        {
            throw new LineageException(DiagnosticCodes.FileTooLarge, $"standard input is more than the limit of {limit:N0} bytes", "-");
        }

        return PyYaml.DecodeUtf8(buffer.ToArray(), "-");
    }

    private static string Plural(int count, string noun) => count == 1 ? $"1 {noun}" : $"{count} {noun}s";

    private static string CommandPath(Command command)
    {
        var names = new List<string>();
        Symbol? current = command;
        while (current is Command c)
        {
            names.Insert(0, c is RootCommand ? "lineage" : c.Name);
            current = null;
            foreach (var parent in c.Parents)
            {
                current = parent;
                break;
            }
        }

        return string.Join(" ", names);
    }
}
