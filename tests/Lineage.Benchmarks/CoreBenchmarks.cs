using System.Collections.Generic;
using BenchmarkDotNet.Attributes;
using Lineage.Core.Hashing;
using Lineage.Core.Yaml;

namespace Lineage.Benchmarks;

/// <summary>
/// Lineage.Core on the generated 10,000-circuit catalog: the whole path (read, load, hash every circuit), and
/// its parts (load only, dump only, hash only).
/// </summary>
[MemoryDiagnoser]
public class CoreBenchmarks
{
    private string _path = null!;
    private string _text = null!;
    private List<PyDict> _circuits = null!;
    private List<PyDict> _withoutMetadata = null!;

    [GlobalSetup]
    public void Setup()
    {
        _path = BenchFile.Resolve();
        _text = PyYaml.ReadFile(_path);
        _circuits = Circuits.Of(PyYaml.Load(_text, _path), _path);
        _withoutMetadata = new List<PyDict>(_circuits.Count);
        foreach (var circuit in _circuits)
        {
            var copy = circuit.Copy();
            copy.Remove(ConfigHash.MetadataKey);
            _withoutMetadata.Add(copy);
        }
    }

    /// <summary>What <c>lineage circuits hash</c> does, minus printing: read, load, hash each circuit.</summary>
    [Benchmark(Baseline = true)]
    public int ReadLoadAndHashAll()
    {
        var text = PyYaml.ReadFile(_path);
        var circuits = Circuits.Of(PyYaml.Load(text, _path), _path);
        var n = 0;
        foreach (var circuit in circuits)
        {
            n += ConfigHash.Compute(circuit, _path).Hash.Length;
        }

        return n;
    }

    /// <summary>Reading and decoding the file.</summary>
    [Benchmark]
    public int ReadOnly() => PyYaml.ReadFile(_path).Length;

    /// <summary><c>yaml.safe_load</c> of the whole file (YamlDotNet parse, our composer and constructor).</summary>
    [Benchmark]
    public object? LoadOnly() => PyYaml.Load(_text, _path);

    /// <summary><c>yaml.dump(sort_keys=True)</c> of every circuit (metadata already removed), no MD5.</summary>
    [Benchmark]
    public int DumpOnly()
    {
        var n = 0;
        foreach (var circuit in _withoutMetadata)
        {
            n += PyYaml.Dump(circuit, sortKeys: true).Length;
        }

        return n;
    }

    /// <summary>The config hash of every loaded circuit: copy, drop metadata, dump, MD5.</summary>
    [Benchmark]
    public int HashOnly()
    {
        var n = 0;
        foreach (var circuit in _circuits)
        {
            n += ConfigHash.Compute(circuit, _path).Hash.Length;
        }

        return n;
    }
}
