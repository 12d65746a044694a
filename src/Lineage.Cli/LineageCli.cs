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
        "\n" +
        "Exit codes:\n" +
        "  0  success\n" +
        "  1  invalid input: a file is missing, unreadable or not valid, or an output cannot be written\n" +
        "  2  usage error: unknown command or option, missing argument\n" +
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
        "\n" +
        "Each file is the circuit's keys in file order followed by metadata (config_hash, generated_at,\n" +
        "description), written as yaml.dump(circuit, default_flow_style=False, sort_keys=False) writes it.\n" +
        "generated_at is UTC, from SOURCE_DATE_EPOCH when set, else the current time. A file whose content\n" +
        "would not change, or would change only in generated_at, is not touched. Every circuit is validated\n" +
        "first (plant_id and circuit_id present, unique, usable in file names on Windows, macOS and Linux):\n" +
        "with any problem, nothing is written.";

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
            "and per-circuit config files for the model registry.");
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
        var generate = new Command("generate", "Write one file per circuit, {plant_id}_{circuit_id}.yaml, holding the circuit and a metadata section with its config_hash, as the seed's generate_circuit_configs.py does.")
        {
            generateFile,
            generateOut,
        };
        generate.SetAction(parse => Generate(console, parse.GetValue(generateFile)!, parse.GetValue(generateOut)!, Limits(parse)));
        extras.Add(generate, GenerateExtras);
        circuits.Add(generate);

        foreach (var option in root.Options)
        {
            if (option is HelpOption help && help.Action is HelpAction standard)
            {
                help.Action = new HelpWithExtras(standard, extras);
            }
        }

        return root;
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

    private static int Generate(ConsoleOutput console, string path, string outputDirectory, YamlLoadOptions limits)
    {
        var catalog = CircuitCatalog.Load(path, limits);
        var errors = new List<LineageException>(catalog.Errors);
        string? generatedAt = null;
        try
        {
            generatedAt = GeneratedAt.FromEnvironment();
        }
        catch (LineageException ex)
        {
            errors.Add(ex);
        }

        if (errors.Count > 0 || generatedAt is null)
        {
            ReportAll(console, errors, path, nothingWritten: true);
            return ExitCodes.InvalidInput;
        }

        var result = CircuitConfigGenerator.Generate(catalog, outputDirectory, generatedAt);
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

    private static void WriteTable(TextWriter output, List<string[]> rows)
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
