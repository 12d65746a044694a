using System.Collections.Generic;
using System.Runtime.CompilerServices;

namespace Lineage.Core.Yaml;

/// <summary>Identity comparison (Python's <c>id()</c>), which netstandard2.0 lacks.</summary>
internal sealed class ReferenceEqualityComparer : IEqualityComparer<object>
{
    public static readonly ReferenceEqualityComparer Instance = new();

    public new bool Equals(object? x, object? y) => ReferenceEquals(x, y);

    public int GetHashCode(object obj) => RuntimeHelpers.GetHashCode(obj);
}
