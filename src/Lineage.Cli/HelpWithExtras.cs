using System.Collections.Generic;
using System.CommandLine;
using System.CommandLine.Help;
using System.CommandLine.Invocation;

namespace Lineage.Cli;

/// <summary>
/// The standard help, followed by a section of examples (and, for the root command, the exit codes), which
/// System.CommandLine's help has no place for.
/// </summary>
internal sealed class HelpWithExtras : SynchronousCommandLineAction
{
    private readonly HelpAction _standard;
    private readonly IReadOnlyDictionary<Command, string> _extras;

    public HelpWithExtras(HelpAction standard, IReadOnlyDictionary<Command, string> extras)
    {
        _standard = standard;
        _extras = extras;
    }

    /// <inheritdoc/>
    public override bool ClearsParseErrors => true;

    /// <inheritdoc/>
    public override int Invoke(ParseResult parseResult)
    {
        var code = _standard.Invoke(parseResult);
        if (_extras.TryGetValue(parseResult.CommandResult.Command, out var extra))
        {
            var output = parseResult.InvocationConfiguration.Output;
            output.Write(extra);
            output.WriteLine();
        }

        return code;
    }
}
