using System;
using Lineage.Core.Diagnostics;
using Lineage.Core.Yaml;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Unit;

/// <summary>
/// The float repr path used under .NET Framework MSBuild (Visual Studio), exercised here on .NET: it must give the
/// same text as the .NET path or refuse, never another text.
/// </summary>
[TestClass]
[DoNotParallelize]
public sealed class LegacyFloatReprTests
{
    [TestMethod]
    public void Legacy_path_equals_the_modern_one_or_refuses()
    {
        var random = new Random(20251211);
        int same = 0, refused = 0;
        for (var i = 0; i < 200_000; i++)
        {
            var value = (i % 4) switch
            {
                0 => BitConverter.Int64BitsToDouble((long)(random.NextDouble() * long.MaxValue)),
                1 => Math.Round(random.NextDouble() * 1000, random.Next(0, 8)),
                2 => random.Next(1, 1000) * Math.Pow(10, random.Next(-20, 20)),
                _ => random.NextDouble(),
            };
            if (double.IsNaN(value) || double.IsInfinity(value))
            {
                continue;
            }

            var modern = PyFloatRepr.Repr(value);
            try
            {
                PyFloatRepr.LegacyRuntime = true;
                Assert.AreEqual(modern, PyFloatRepr.Repr(value), value.ToString("R"));
                same++;
            }
            catch (LineageException ex)
            {
                Assert.AreEqual(DiagnosticCodes.Unsupported, ex.Code);
                Assert.IsGreaterThan(15, modern.TrimStart('-').Replace(".", string.Empty).Split('e')[0].Trim('0').Length, modern);
                refused++;
            }
            finally
            {
                PyFloatRepr.LegacyRuntime = false;
            }
        }

        // Config-like values (decimals rounded to a few places) take the exact path: a quarter of the inputs at least.
        Assert.IsGreaterThan(75_000, same);
        Assert.IsGreaterThan(0, refused);
    }
}
