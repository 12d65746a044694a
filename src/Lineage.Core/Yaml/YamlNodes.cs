using System.Collections.Generic;

namespace Lineage.Core.Yaml;

/// <summary>A composed node, as PyYAML's composer builds them: aliases are the very same node object.</summary>
internal abstract class YamlNode
{
    protected YamlNode(string tag, int line, int column)
    {
        Tag = tag;
        Line = line;
        Column = column;
    }

    public string Tag { get; set; }

    public int Line { get; }

    public int Column { get; }

    /// <summary>How many nodes this one stands for with aliases expanded (saturating).</summary>
    public long ExpandedSize { get; set; }

    /// <summary>
    /// Whether this node may be reached more than once (it or an enclosing node has an anchor), so its
    /// constructed object must be remembered to keep Python's object identity.
    /// </summary>
    public bool Shared { get; set; }

    /// <summary>Whether the composer is still inside this node (an alias to it is a recursive reference).</summary>
    public bool Open { get; set; }

    /// <summary>
    /// The constructed object of a <see cref="Shared"/> node, kept on the node rather than in an identity map. Set as
    /// soon as the object exists (<see cref="HasObject"/>), so a recursive alias inside it gets the same object; read
    /// by other threads only once <see cref="IsConstructed"/> says it is complete (or under the constructor's lock).
    /// </summary>
    public object? Constructed { get; set; }

    /// <summary>Whether <see cref="Constructed"/> holds the node's object, complete or still being filled.</summary>
    public bool HasObject { get; set; }

    private volatile bool _isConstructed;

    /// <summary>Whether the node's object is complete (set after it is filled, read before <see cref="Constructed"/>).</summary>
    public bool IsConstructed
    {
        get => _isConstructed;
        set => _isConstructed = value;
    }

    public abstract string Kind { get; }
}

internal sealed class ScalarNode : YamlNode
{
    public ScalarNode(string tag, string value, int line, int column)
        : base(tag, line, column)
    {
        Value = value;
    }

    public string Value { get; }

    public override string Kind => "scalar";
}

internal sealed class SequenceNode : YamlNode
{
    public SequenceNode(string tag, int line, int column)
        : base(tag, line, column)
    {
    }

    public List<YamlNode> Items { get; } = new();

    /// <summary>
    /// For a sequence split off by <see cref="SequenceSplitter"/>: its items, still as text; <see cref="Items"/> is
    /// empty then. The constructor composes and constructs them in parallel.
    /// </summary>
    public SequenceSplitter.Chunks? Split { get; set; }

    public override string Kind => "sequence";
}

internal sealed class MappingNode : YamlNode
{
    public MappingNode(string tag, int line, int column)
        : base(tag, line, column)
    {
    }

    public List<KeyValuePair<YamlNode, YamlNode>> Pairs { get; set; } = new();

    public bool Flattened { get; set; }

    public override string Kind => "mapping";
}
