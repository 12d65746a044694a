using System;
using System.Collections.Generic;
using System.Globalization;
using System.Numerics;
using System.Security.Cryptography;
using System.Text;
using Lineage.Core.Diagnostics;
using Lineage.Core.Python;
using Lineage.Core.Yaml;

namespace Lineage.Core.Study;

/// <summary>
/// The HPO study, trial and fingerprint keys of the Python reference (<c>reference/hpo-keys.md</c>), so runs
/// tagged by Python training jobs and by Lineage carry the same hex strings. Configs are the values
/// <see cref="PyYaml.Load(string, string?, YamlLoadOptions?)"/> returns (a <see cref="PyDict"/> for a mapping); <c>null</c> is Python's <c>None</c>.
/// Where Python raises, these methods throw a <see cref="LineageException"/> (codes <c>LIN0200</c>-<c>LIN0205</c>,
/// <see cref="DiagnosticCodes.Unsupported"/>); they never return a hash Python would not compute.
/// </summary>
public static class HpoKeys
{
    /// <summary>The <c>schema_version</c> of study key v2.</summary>
    public const string StudyKeyV2SchemaVersion = "2.0";

    /// <summary>The <c>schema_version</c> of study key v1, the study family key and the trial key.</summary>
    public const string V1SchemaVersion = "1.0";

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary><c>hashlib.sha256(text.encode("utf-8")).hexdigest()</c>: 64 lowercase hex digits.</summary>
    /// <exception cref="LineageException"><see cref="DiagnosticCodes.NotUtf8Encodable"/> when the text holds a lone surrogate.</exception>
    public static string Hash64(string text)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        byte[] bytes;
        try
        {
            bytes = StrictUtf8.GetBytes(text);
        }
        catch (EncoderFallbackException ex)
        {
            throw new LineageException(
                DiagnosticCodes.NotUtf8Encodable,
                "the text to hash holds a lone UTF-16 surrogate, which UTF-8 cannot encode (Python: UnicodeEncodeError: surrogates not allowed)",
                inner: ex);
        }

        using var sha = SHA256.Create();
        var digest = sha.ComputeHash(bytes);
        var sb = new StringBuilder(64);
        foreach (var b in digest)
        {
            sb.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        }

        return sb.ToString();
    }

    /// <summary>
    /// <c>compute_data_fingerprint(data_config or {})</c>: the hash of <c>str(content_hash or manifest_hash)</c> when
    /// either is set, else the hash of the dataset's semantic fields (name, version, split_seed, label_mapping, schema).
    /// A falsy config (<c>null</c>, an empty mapping) counts as <c>{}</c>, as at the reference call sites.
    /// </summary>
    public static string DataFingerprint(object? dataConfig)
    {
        var data = PyOps.Or(dataConfig, new PyDict());
        const string Owner = "the data config";
        var content = PyOps.Or(PyOps.Get(data, "content_hash", null, Owner), PyOps.Get(data, "manifest_hash", null, Owner));
        if (PyOps.Truthy(content))
        {
            return Hash64(PyRepr.Str(content));
        }

        var semantic = new PyDict
        {
            ["name"] = PyOps.Get(data, "name", null, Owner),
            ["version"] = PyOps.Get(data, "version", null, Owner),
            ["split_seed"] = PyOps.Get(data, "split_seed", null, Owner),
            ["label_mapping"] = PyOps.Get(data, "label_mapping", new PyDict(), Owner),
            ["schema"] = PyOps.Get(data, "schema", new PyDict(), Owner),
        };
        return Hash64(CanonicalJson.Serialize(semantic));
    }

    /// <summary>
    /// The evaluation config the study key fingerprints: <c>train.get("eval", {}) or hpo.get("evaluation", {}) or {}</c>.
    /// Both configs must be mappings.
    /// </summary>
    public static object? EvalConfig(object? trainConfig, object? hpoConfig)
    {
        var fromTrain = PyOps.Get(trainConfig, "eval", new PyDict(), "the training config");
        if (PyOps.Truthy(fromTrain))
        {
            return fromTrain;
        }

        return PyOps.Or(PyOps.Get(hpoConfig, "evaluation", new PyDict(), "the HPO config"), new PyDict());
    }

    /// <summary>
    /// <c>compute_eval_fingerprint(eval_config or {})</c>: the hash of the evaluator version, metric spec, thresholding
    /// and the whole evaluation config. A falsy config counts as <c>{}</c>.
    /// </summary>
    public static string EvalFingerprint(object? evalConfig)
    {
        var ev = PyOps.Or(evalConfig, new PyDict());
        const string Owner = "the evaluation config";
        var payload = new PyDict
        {
            ["evaluator_version"] = PyOps.Get(ev, "evaluator_version", "default", Owner),
            ["metric_spec"] = PyOps.Get(ev, "metric", new PyDict(), Owner),
            ["thresholding"] = PyOps.Get(ev, "thresholding", new PyDict(), Owner),
            ["full_eval_config"] = ev,
        };
        return Hash64(CanonicalJson.Serialize(payload));
    }

    /// <summary>
    /// <c>build_hpo_study_key_v2</c>: the canonical JSON of the study's data, HPO, training and evaluation settings and
    /// the backbone. Its <see cref="Hash64"/> is the study key hash that v2 runs carry.
    /// </summary>
    /// <param name="dataConfig">The data config (a mapping).</param>
    /// <param name="hpoConfig">The HPO config (a mapping).</param>
    /// <param name="trainConfig">The training config (a mapping).</param>
    /// <param name="model">The backbone name; lower-cased and stripped as Python's <c>str.lower().strip()</c> do.</param>
    /// <param name="codeVersion">When not null, added as <c>code_version</c> (the reference passes the git commit, or <c>"unknown"</c>).</param>
    public static string StudyKeyV2(object? dataConfig, object? hpoConfig, object? trainConfig, string model, string? codeVersion = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        // Built in the reference's order, so that where several things are wrong the first error is Python's.
        const string Data = "the data config";
        const string Train = "the training config";
        var objective = PyOps.Get(hpoConfig, "objective", new PyDict(), "the HPO config");
        var data = new PyDict
        {
            ["name"] = PyOps.Get(dataConfig, "name", string.Empty, Data),
            ["version"] = PyOps.Get(dataConfig, "version", string.Empty, Data),
            ["schema"] = PyOps.Get(dataConfig, "schema", new PyDict(), Data),
            ["split_seed"] = PyOps.Get(dataConfig, "split_seed", "default", Data),
            ["label_mapping"] = PyOps.Get(dataConfig, "label_mapping", new PyDict(), Data),
            ["data_fingerprint"] = DataFingerprint(dataConfig),
        };
        var hpo = HpoSection(hpoConfig, new PyDict
        {
            ["metric"] = PyOps.Get(objective, "metric", "macro-f1", "the HPO config's 'objective'"),
            ["direction"] = PyOps.Get(objective, "direction", "maximize", "the HPO config's 'objective'"),
        });
        var training = new PyDict
        {
            ["max_steps"] = PyOps.Get(trainConfig, "max_steps", null, Train),
            ["num_epochs"] = PyOps.Get(trainConfig, "num_epochs", null, Train),
            ["seed_policy"] = PyOps.Get(trainConfig, "seed_policy", "default", Train),
        };
        var payload = new PyDict
        {
            ["schema_version"] = StudyKeyV2SchemaVersion,
            ["data"] = data,
            ["hpo"] = hpo,
            ["training"] = training,
            ["evaluation"] = new PyDict { ["eval_fingerprint"] = EvalFingerprint(EvalConfig(trainConfig, hpoConfig)) },
            ["model"] = NormalizeModel(model),
        };
        if (codeVersion is not null)
        {
            payload["code_version"] = codeVersion;
        }

        return CanonicalJson.Serialize(payload);
    }

    /// <summary>
    /// <c>build_hpo_study_key</c> (v1, kept for runs that predate v2): data name, version, local path and schema, the
    /// HPO settings with the whole objective, the backbone and the benchmark settings.
    /// </summary>
    /// <param name="dataConfig">The data config (a mapping).</param>
    /// <param name="hpoConfig">The HPO config (a mapping).</param>
    /// <param name="model">The backbone name.</param>
    /// <param name="benchmarkConfig">The benchmark config, or <c>null</c>; a falsy one adds <c>"benchmark": {}</c>.</param>
    public static string StudyKeyV1(object? dataConfig, object? hpoConfig, string model, object? benchmarkConfig = null)
    {
        if (model is null)
        {
            throw new ArgumentNullException(nameof(model));
        }

        var payload = V1Payload(dataConfig, hpoConfig, benchmarkConfig);
        payload["model"] = NormalizeModel(model);
        return CanonicalJson.Serialize(payload);
    }

    /// <summary><c>build_hpo_study_family_key</c>: the v1 payload without the backbone, shared by every model of a study.</summary>
    public static string StudyFamilyKey(object? dataConfig, object? hpoConfig, object? benchmarkConfig = null) =>
        CanonicalJson.Serialize(V1Payload(dataConfig, hpoConfig, benchmarkConfig));

    /// <summary>
    /// <c>build_hpo_trial_key</c>: the study key hash and the normalized hyperparameters (floats rounded to 13
    /// significant digits, text lower-cased and stripped, other values as their lower-cased <c>str()</c>).
    /// </summary>
    /// <param name="studyKeyHash">The study's key hash (64 hex digits; not checked, as in Python).</param>
    /// <param name="hyperparameters">The trial's hyperparameters (a mapping).</param>
    public static string TrialKey(string studyKeyHash, object? hyperparameters)
    {
        if (studyKeyHash is null)
        {
            throw new ArgumentNullException(nameof(studyKeyHash));
        }

        var payload = new PyDict
        {
            ["schema_version"] = V1SchemaVersion,
            ["study_key_hash"] = studyKeyHash,
            ["hyperparameters"] = NormalizeHyperparameters(hyperparameters),
        };
        return CanonicalJson.Serialize(payload);
    }

    /// <summary>
    /// Reads a trial's hyperparameters from text: as <c>json.loads</c> when the text is JSON (so <c>3e-05</c> is the
    /// float that <c>json.dump(trial.params)</c> wrote), else as <c>yaml.safe_load</c> (where <c>3e-05</c> is a string).
    /// </summary>
    /// <param name="text">JSON or YAML text.</param>
    /// <param name="sourceName">File name for YAML error messages.</param>
    /// <param name="options">YAML limits; <see cref="YamlLoadOptions.Default"/> when null.</param>
    public static object? LoadHyperparameters(string text, string? sourceName = null, YamlLoadOptions? options = null)
    {
        if (text is null)
        {
            throw new ArgumentNullException(nameof(text));
        }

        return PyJsonReader.TryParse(text, out var json) ? json : PyYaml.Load(text, sourceName, options);
    }

    /// <summary>Computes every key and fingerprint of a study at once.</summary>
    /// <param name="dataConfig">The data config.</param>
    /// <param name="hpoConfig">The HPO config.</param>
    /// <param name="trainConfig">The training config.</param>
    /// <param name="model">The backbone name.</param>
    /// <param name="benchmarkConfig">The benchmark config (v1 and family keys only), or <c>null</c>.</param>
    public static StudyKeySet ComputeAll(object? dataConfig, object? hpoConfig, object? trainConfig, string model, object? benchmarkConfig = null)
    {
        var v2 = StudyKeyV2(dataConfig, hpoConfig, trainConfig, model);
        var v1 = StudyKeyV1(dataConfig, hpoConfig, model, benchmarkConfig);
        var family = StudyFamilyKey(dataConfig, hpoConfig, benchmarkConfig);
        return new StudyKeySet(
            DataFingerprint(dataConfig),
            EvalFingerprint(EvalConfig(trainConfig, hpoConfig)),
            v2,
            Hash64(v2),
            v1,
            Hash64(v1),
            family,
            Hash64(family));
    }

    /// <summary>The backbone as the keys hold it: Python's <c>model.lower().strip()</c>.</summary>
    public static string NormalizeModel(string model) => PyUnicode.Strip(PyUnicode.Lower(model));

    /// <summary>Python's <c>float(f"{value:.12e}")</c>: the double nearest to <paramref name="value"/> rounded to 13 significant digits (half to even).</summary>
    public static double RoundTo13SignificantDigits(double value)
    {
        if (value == 0 || double.IsNaN(value) || double.IsInfinity(value))
        {
            return value == 0 ? 0.0 : value;
        }

        // The exact decimal expansion of the double (m * 2^e = digits * 10^pow10), then round half to even as
        // Python's dtoa does; .NET's "E12" rounds half away from zero.
        var bits = BitConverter.DoubleToInt64Bits(Math.Abs(value));
        var exponent = (int)((bits >> 52) & 0x7FF);
        var mantissa = bits & 0xFFFFFFFFFFFFFL;
        if (exponent == 0)
        {
            exponent = 1;
        }
        else
        {
            mantissa |= 1L << 52;
        }

        exponent -= 1075;
        BigInteger exact;
        int pow10;
        if (exponent >= 0)
        {
            exact = new BigInteger(mantissa) << exponent;
            pow10 = 0;
        }
        else
        {
            exact = new BigInteger(mantissa) * BigInteger.Pow(5, -exponent);
            pow10 = exponent;
        }

        var digits = exact.ToString(CultureInfo.InvariantCulture);
        var sciExponent = digits.Length - 1 + pow10;
        string kept;
        if (digits.Length <= 13)
        {
            kept = digits.PadRight(13, '0');
        }
        else
        {
            kept = digits.Substring(0, 13);
            var roundUp = digits[13] > '5'
                || (digits[13] == '5' && (digits.IndexOfAny("123456789".ToCharArray(), 14) >= 0 || (kept[12] - '0') % 2 == 1));
            if (roundUp)
            {
                kept = (BigInteger.Parse(kept, CultureInfo.InvariantCulture) + 1).ToString(CultureInfo.InvariantCulture);
                if (kept.Length > 13)
                {
                    kept = kept.Substring(0, 13);
                    sciExponent++;
                }
            }
        }

        var text = (value < 0 ? "-" : string.Empty) + kept[0] + "." + kept.Substring(1) + "e" + sciExponent.ToString(CultureInfo.InvariantCulture);
        return double.Parse(text, NumberStyles.Float, CultureInfo.InvariantCulture);
    }

    private static PyDict HpoSection(object? hpoConfig, object? objective)
    {
        const string Hpo = "the HPO config";
        var sampling = PyOps.Get(hpoConfig, "sampling", new PyDict(), Hpo);
        return new PyDict
        {
            ["search_space"] = PyOps.Get(hpoConfig, "search_space", new PyDict(), Hpo),
            ["objective"] = objective,
            ["k_fold"] = PyOps.Get(hpoConfig, "k_fold", new PyDict(), Hpo),
            ["sampling"] = new PyDict { ["algorithm"] = PyOps.Get(sampling, "algorithm", "random", "the HPO config's 'sampling'") },
            ["early_termination"] = PyOps.Get(hpoConfig, "early_termination", new PyDict(), Hpo),
        };
    }

    private static PyDict V1Payload(object? dataConfig, object? hpoConfig, object? benchmarkConfig)
    {
        var benchmark = new PyDict();
        if (PyOps.Truthy(benchmarkConfig))
        {
            var b = PyOps.Get(benchmarkConfig, "benchmarking", new PyDict(), "the benchmark config");
            benchmark["metric"] = PyOps.Get(b, "metric", "macro-f1", "the benchmark config's 'benchmarking'");
            benchmark["max_length"] = PyOps.Get(b, "max_length", new BigInteger(512), "the benchmark config's 'benchmarking'");
        }

        const string Data = "the data config";
        var data = new PyDict
        {
            ["name"] = PyOps.Get(dataConfig, "name", string.Empty, Data),
            ["version"] = PyOps.Get(dataConfig, "version", string.Empty, Data),
            ["local_path"] = PyRepr.Str(PyOps.Get(dataConfig, "local_path", string.Empty, Data)),
            ["schema"] = PyOps.Get(dataConfig, "schema", new PyDict(), Data),
        };
        var hpo = HpoSection(hpoConfig, PyOps.Get(hpoConfig, "objective", new PyDict(), "the HPO config"));

        return new PyDict
        {
            ["schema_version"] = V1SchemaVersion,
            ["data"] = data,
            ["hpo"] = hpo,
            ["benchmark"] = benchmark,
        };
    }

    private static PyDict NormalizeHyperparameters(object? hyperparameters)
    {
        if (hyperparameters is not PyDict hp)
        {
            throw new LineageException(
                DiagnosticCodes.StudyConfigNotAMapping,
                $"the hyperparameters must be a mapping, but they are a {PyRepr.TypeName(hyperparameters)} (Python: AttributeError: '{PyRepr.TypeName(hyperparameters)}' object has no attribute 'items')");
        }

        // sorted(hp.items()) first: mixed key types raise before any value is looked at.
        var items = new List<KeyValuePair<object?, object?>>(hp.Entries);
        if (!PySort.TrySortByKey(items))
        {
            throw new LineageException(
                DiagnosticCodes.UnsortableKeys,
                "the hyperparameter names are of types Python cannot order (for example text and numbers), so they cannot be sorted (Python: TypeError: '<' not supported between instances)");
        }

        var normalized = new PyDict();
        foreach (var entry in items)
        {
            normalized[entry.Key] = entry.Value switch
            {
                double d => RoundTo13SignificantDigits(d),
                bool or BigInteger => entry.Value,
                string s => NormalizeModel(s),
                _ => NormalizeModel(PyRepr.Str(entry.Value)),
            };
        }

        return normalized;
    }
}

/// <summary>Every key and fingerprint of one study, as <see cref="HpoKeys.ComputeAll"/> computes them.</summary>
public sealed class StudyKeySet
{
    internal StudyKeySet(string dataFingerprint, string evalFingerprint, string studyKey, string studyKeyHash, string studyKeyV1, string studyKeyV1Hash, string familyKey, string familyHash)
    {
        DataFingerprint = dataFingerprint;
        EvalFingerprint = evalFingerprint;
        StudyKey = studyKey;
        StudyKeyHash = studyKeyHash;
        StudyKeyV1 = studyKeyV1;
        StudyKeyV1Hash = studyKeyV1Hash;
        FamilyKey = familyKey;
        FamilyHash = familyHash;
    }

    /// <summary>The data fingerprint (tag <c>fingerprint.data</c>).</summary>
    public string DataFingerprint { get; }

    /// <summary>The evaluation fingerprint (tag <c>fingerprint.eval</c>).</summary>
    public string EvalFingerprint { get; }

    /// <summary>Study key v2, the canonical JSON text.</summary>
    public string StudyKey { get; }

    /// <summary>The SHA-256 of <see cref="StudyKey"/> (tag <c>study_key_hash</c>).</summary>
    public string StudyKeyHash { get; }

    /// <summary>Study key v1, for runs that predate v2.</summary>
    public string StudyKeyV1 { get; }

    /// <summary>The SHA-256 of <see cref="StudyKeyV1"/>.</summary>
    public string StudyKeyV1Hash { get; }

    /// <summary>The study family key: the v1 payload without the backbone.</summary>
    public string FamilyKey { get; }

    /// <summary>The SHA-256 of <see cref="FamilyKey"/> (tag <c>study_family_hash</c>).</summary>
    public string FamilyHash { get; }
}
