using System.Collections.Generic;
using Lineage.Core.Diagnostics;

namespace Lineage.Core.Yaml;

/// <summary>PyYAML's SafeConstructor over a composed node graph: one Python-like object per node.</summary>
internal sealed class YamlConstructor
{
    private readonly YamlLoadOptions _options;

    // Guards the construction and flattening of shared nodes while a split sequence is built in parallel.
    private readonly object _gate = new();
    private long _mergedPairs;

    public YamlConstructor(YamlLoadOptions options) => _options = options;

    /// <summary>Called on the worker for each item of a split sequence; see <see cref="PyYaml"/>'s internal Load.</summary>
    public System.Func<string, int, object?, object?>? SplitItemSink { get; set; }

    public object? Construct(YamlNode node)
    {
        if (!node.Shared)
        {
            return ConstructNew(node);
        }

        // A shared node keeps its object (PyYAML's constructed_objects). Once complete it is read without the lock;
        // while one thread fills it (holding the lock), another waits here rather than see it half built, and the
        // filling thread itself gets it back for a recursive alias.
        if (node.IsConstructed)
        {
            return node.Constructed;
        }

        lock (_gate)
        {
            if (node.HasObject)
            {
                return node.Constructed;
            }

            var value = ConstructNew(node);
            node.IsConstructed = true;
            return value;
        }
    }

    private object? ConstructNew(YamlNode node)
    {
        switch (node.Tag)
        {
            case YamlTags.Null:
                RequireScalar(node);
                return Remember(node, null);
            case YamlTags.Bool:
                return Remember(node, Scalar(node, v => ScalarConstructors.ConstructBool(v) ? ScalarConstructors.True : ScalarConstructors.False));
            case YamlTags.Int:
                return Remember(node, Scalar(node, ScalarConstructors.ConstructIntObject));
            case YamlTags.Float:
                return Remember(node, Scalar(node, ScalarConstructors.ConstructFloat));
            case YamlTags.Str:
                return Remember(node, RequireScalar(node).Value);
            case YamlTags.Timestamp:
                return Remember(node, Scalar(node, ScalarConstructors.ConstructTimestamp));
            case YamlTags.Binary:
                return Remember(node, Scalar(node, ScalarConstructors.ConstructBinary));
            case YamlTags.Seq:
                return ConstructList(node);
            case YamlTags.Map:
                return ConstructDict(node);
            case YamlTags.Set:
                return ConstructSet(node);
            case YamlTags.Omap:
            case YamlTags.Pairs:
                return ConstructPairs(node);
            default:
                throw Error(
                    DiagnosticCodes.UnknownTag,
                    $"could not determine a constructor for the tag '{Shorten(node.Tag)}' (yaml.safe_load knows only the standard YAML 1.1 tags)",
                    node);
        }
    }

    private static object? Remember(YamlNode node, object? value)
    {
        if (node.Shared)
        {
            node.Constructed = value;
            node.HasObject = true;
        }

        return value;
    }

    private PyList ConstructList(YamlNode node)
    {
        if (node is not SequenceNode sequence)
        {
            throw Error(DiagnosticCodes.YamlSyntax, $"expected a sequence node, but found {node.Kind}", node);
        }

        var list = new PyList { SourceLine = node.Line, SourceColumn = node.Column };
        Remember(node, list);
        if (sequence.Split is not null)
        {
            list.AddRange(ConstructInParallel(sequence.Split));
            return list;
        }

        foreach (var item in sequence.Items)
        {
            list.Add(Construct(item));
        }

        return list;
    }

    // Each group of items is composed and constructed on one worker, so its node graph is garbage right after.
    private object?[] ConstructInParallel(SequenceSplitter.Chunks chunks)
    {
        var values = new object?[chunks.Count];
        var errors = new LineageException?[chunks.Count];
        var abandoned = false;
        System.Threading.Tasks.Parallel.For(0, chunks.GroupCount, (group, state) =>
        {
            var items = new List<YamlNode>();
            try
            {
                chunks.Compose(group, items);
            }
            catch (SequenceSplitter.AbandonException)
            {
                abandoned = true;
                state.Stop();
                return;
            }

            var first = SequenceSplitter.Chunks.FirstItem(group);
            for (var i = 0; i < items.Count; i++)
            {
                try
                {
                    var value = Construct(items[i]);
                    values[first + i] = SplitItemSink is { } sink ? sink(chunks.Key, first + i, value) : value;
                }
                catch (LineageException ex)
                {
                    errors[first + i] = ex;
                }
            }
        });

        if (abandoned)
        {
            throw new SequenceSplitter.AbandonException();
        }

        // The first error in document order is the one a single pass reports.
        foreach (var error in errors)
        {
            if (error is not null)
            {
                throw error;
            }
        }

        return values;
    }

    private PyDict ConstructDict(YamlNode node)
    {
        var mapping = RequireMapping(node);
        var dict = new PyDict(mapping.Pairs.Count) { SourceLine = node.Line, SourceColumn = node.Column };
        Remember(node, dict);
        FillMapping(mapping, dict);
        return dict;
    }

    private PySet ConstructSet(YamlNode node)
    {
        var mapping = RequireMapping(node);
        var set = new PySet();
        Remember(node, set);
        var keys = new PyDict();
        FillMapping(mapping, keys);
        foreach (var entry in keys.Entries)
        {
            set.Add(entry.Key);
        }

        return set;
    }

    private PyList ConstructPairs(YamlNode node)
    {
        var what = node.Tag == YamlTags.Omap ? "an ordered map" : "pairs";
        if (node is not SequenceNode sequence)
        {
            throw Error(DiagnosticCodes.YamlSyntax, $"while constructing {what}: expected a sequence, but found {node.Kind}", node);
        }

        var list = new PyList { SourceLine = node.Line, SourceColumn = node.Column };
        Remember(node, list);
        foreach (var sub in sequence.Items)
        {
            if (sub is not MappingNode pairNode)
            {
                throw Error(DiagnosticCodes.YamlSyntax, $"while constructing {what}: expected a mapping of length 1, but found {sub.Kind}", sub);
            }

            if (pairNode.Pairs.Count != 1)
            {
                throw Error(DiagnosticCodes.YamlSyntax, $"while constructing {what}: expected a single mapping item, but found {pairNode.Pairs.Count} items", sub);
            }

            var key = Construct(pairNode.Pairs[0].Key);
            var value = Construct(pairNode.Pairs[0].Value);
            list.Add(new PyTuple(key, value));
        }

        return list;
    }

    private void FillMapping(MappingNode node, PyDict target)
    {
        FlattenMapping(node, 0);
        foreach (var pair in node.Pairs)
        {
            var key = Construct(pair.Key);
            if (key is PyList or PyDict or PySet)
            {
                throw Error(DiagnosticCodes.UnhashableKey, "found unhashable key: a list, mapping or set cannot be a mapping key", pair.Key);
            }

            target.Set(key, Construct(pair.Value));
        }
    }

    /// <summary>
    /// SafeConstructor.flatten_mapping: merge keys are removed and the merged pairs put in front, in the order
    /// PyYAML uses (later mappings of a merge list first, so earlier ones win). Mutates the node, as PyYAML does.
    /// </summary>
    private void FlattenMapping(MappingNode node, int depth)
    {
        if (node.Shared)
        {
            lock (_gate)
            {
                FlattenUnlocked(node, depth);
            }

            return;
        }

        FlattenUnlocked(node, depth);
    }

    private void FlattenUnlocked(MappingNode node, int depth)
    {
        if (depth > _options.MaxDepth)
        {
            throw Error(DiagnosticCodes.ExpansionLimit, $"merge keys nest deeper than {_options.MaxDepth} levels", node);
        }

        List<KeyValuePair<YamlNode, YamlNode>>? merge = null;
        var index = 0;
        while (index < node.Pairs.Count)
        {
            var pair = node.Pairs[index];
            if (pair.Key.Tag == YamlTags.Merge)
            {
                node.Pairs.RemoveAt(index);
                merge ??= new List<KeyValuePair<YamlNode, YamlNode>>();
                if (pair.Value is MappingNode single)
                {
                    FlattenMapping(single, depth + 1);
                    AddMerged(merge, single.Pairs, node);
                }
                else if (pair.Value is SequenceNode many)
                {
                    var submerge = new List<List<KeyValuePair<YamlNode, YamlNode>>>();
                    foreach (var sub in many.Items)
                    {
                        if (sub is not MappingNode subMapping)
                        {
                            throw Error(DiagnosticCodes.YamlSyntax, $"while constructing a mapping: expected a mapping for merging, but found {sub.Kind}", sub);
                        }

                        FlattenMapping(subMapping, depth + 1);
                        submerge.Add(subMapping.Pairs);
                    }

                    for (var i = submerge.Count - 1; i >= 0; i--)
                    {
                        AddMerged(merge, submerge[i], node);
                    }
                }
                else
                {
                    throw Error(
                        DiagnosticCodes.YamlSyntax,
                        $"while constructing a mapping: expected a mapping or list of mappings for merging, but found {pair.Value.Kind}",
                        pair.Value);
                }
            }
            else if (pair.Key.Tag == YamlTags.Value)
            {
                pair.Key.Tag = YamlTags.Str;
                index++;
            }
            else
            {
                index++;
            }
        }

        if (merge is { Count: > 0 })
        {
            merge.AddRange(node.Pairs);
            node.Pairs = merge;
        }
    }

    private void AddMerged(List<KeyValuePair<YamlNode, YamlNode>> merge, List<KeyValuePair<YamlNode, YamlNode>> pairs, YamlNode at)
    {
        if (System.Threading.Interlocked.Add(ref _mergedPairs, pairs.Count) > _options.MaxExpandedNodes)
        {
            throw Error(
                DiagnosticCodes.ExpansionLimit,
                $"merge keys copy more than {_options.MaxExpandedNodes:N0} pairs (a \"YAML bomb\"); refusing to load",
                at);
        }

        merge.AddRange(pairs);
    }

    private object? Scalar(YamlNode node, System.Func<string, object?> construct)
    {
        var scalar = RequireScalar(node);
        try
        {
            return construct(scalar.Value);
        }
        catch (ScalarConstructionException ex)
        {
            throw Error(DiagnosticCodes.InvalidValue, $"cannot read '{Preview(scalar.Value)}' as {Shorten(node.Tag)}: {ex.Message}", node);
        }
    }

    private static ScalarNode RequireScalar(YamlNode node) =>
        node as ScalarNode ?? throw Error(DiagnosticCodes.YamlSyntax, $"expected a scalar node for {Shorten(node.Tag)}, but found {node.Kind}", node);

    private static MappingNode RequireMapping(YamlNode node) =>
        node as MappingNode ?? throw Error(DiagnosticCodes.YamlSyntax, $"expected a mapping node for {Shorten(node.Tag)}, but found {node.Kind}", node);

    private static string Shorten(string tag) =>
        tag.StartsWith(YamlTags.Prefix, System.StringComparison.Ordinal) ? "!!" + tag.Substring(YamlTags.Prefix.Length) : tag;

    private static string Preview(string value) => value.Length > 60 ? value.Substring(0, 57) + "..." : value;

    private static LineageException Error(string code, string message, YamlNode node) =>
        new(code, message, null, node.Line, node.Column);
}
