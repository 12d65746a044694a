using System;
using System.IO;
using System.Text;
using System.Threading;
using Lineage.Core.Diagnostics;
using Lineage.Core.Hashing;

namespace Lineage.Core.DiffWorker;

/// <summary>
/// Protocol: each stdin line is one JSON string (a YAML text); each answer is one JSON object on one stdout line:
/// <c>{"ok":true,"canonical":...,"hash":...}</c>, <c>{"ok":false,"code":"LIN0001","display":...}</c> or
/// <c>{"ok":false,"crash":"System.X","display":...}</c> when something other than LineageException escaped.
/// All JSON is ASCII (non-ASCII escaped), so lone surrogates survive.
/// </summary>
public static class Program
{
    public static int Main()
    {
        var stdin = new StreamReader(Console.OpenStandardInput(), new UTF8Encoding(false));
        var stdout = new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false)) { AutoFlush = false, NewLine = "\n" };
        string? line;
        while ((line = stdin.ReadLine()) is not null)
        {
            if (line.Length == 0)
            {
                continue;
            }

            var text = (string)MiniJson.Parse(line)!;
            stdout.WriteLine(Evaluate(text));
            stdout.Flush();
        }

        return 0;
    }

    /// <summary>Runs ConfigHash.Compute on a thread with a large stack; returns the one-line JSON answer.</summary>
    public static string Evaluate(string text)
    {
        var sb = new StringBuilder();
        var thread = new Thread(
            () =>
            {
                try
                {
                    var r = ConfigHash.Compute(text);
                    sb.Append("{\"ok\":true,\"canonical\":");
                    MiniJson.WriteString(sb, r.CanonicalYaml);
                    sb.Append(",\"hash\":");
                    MiniJson.WriteString(sb, r.Hash);
                    sb.Append('}');
                }
                catch (LineageException ex)
                {
                    sb.Clear().Append("{\"ok\":false,\"code\":");
                    MiniJson.WriteString(sb, ex.Code);
                    sb.Append(",\"display\":");
                    MiniJson.WriteString(sb, ex.ToDisplayString());
                    sb.Append('}');
                }
#pragma warning disable CA1031 // every other exception is a finding to report, not to hide
                catch (Exception ex)
#pragma warning restore CA1031
                {
                    sb.Clear().Append("{\"ok\":false,\"crash\":");
                    MiniJson.WriteString(sb, ex.GetType().FullName ?? ex.GetType().Name);
                    sb.Append(",\"display\":");
                    MiniJson.WriteString(sb, ex.ToString());
                    sb.Append('}');
                }
            },
            256 * 1024 * 1024);
        thread.Start();
        thread.Join();
        return sb.ToString();
    }
}
