namespace Lineage.Cli;

/// <summary>Entry point of the <c>lineage</c> tool.</summary>
internal static class Program
{
    private static int Main(string[] args) => LineageCli.Run(args);
}
