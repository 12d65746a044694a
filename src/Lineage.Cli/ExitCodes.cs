namespace Lineage.Cli;

/// <summary>The process exit codes, documented in <c>lineage --help</c>.</summary>
internal static class ExitCodes
{
    /// <summary>Everything succeeded.</summary>
    public const int Ok = 0;

    /// <summary>An input file was missing, unreadable or invalid, or an output could not be written.</summary>
    public const int InvalidInput = 1;

    /// <summary>The command line itself was wrong (unknown command or option, missing argument).</summary>
    public const int Usage = 2;
}
