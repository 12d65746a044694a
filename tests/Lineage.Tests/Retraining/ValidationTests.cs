using System;
using System.Diagnostics;
using System.Linq;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Validation;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class ValidationTests
{
    private static (string, string)[] Pairs(string actual, string predicted) =>
        actual.Split(',').Zip(predicted.Split(','), (a, p) => (a, p)).ToArray();

    [TestMethod]
    public void Binary_metrics_match_hand_computed_values()
    {
        // tp 4, fp 1, fn 2, tn 3.
        var m = HoldoutMetrics.Compute(Pairs("1,0,1,1,0,1,0,0,1,1", "1,0,0,1,0,1,1,0,1,0"), null);
        Assert.AreEqual("binary:1", m.Averaging);
        Assert.AreEqual(0.7, m.Accuracy, 1e-15);
        Assert.AreEqual(0.8, m.Precision, 1e-15);
        Assert.AreEqual(4.0 / 6, m.Recall, 1e-15);
        Assert.AreEqual(8.0 / 11, m.F1, 1e-15);
    }

    [TestMethod]
    public void Multiclass_metrics_are_macro_averaged_as_scikit_learn_documents()
    {
        // scikit-learn's precision_recall_fscore_support example: macro precision 0.2222, recall 0.3333, f1 0.2667.
        var m = HoldoutMetrics.Compute(Pairs("0,1,2,0,1,2", "0,2,1,0,0,1"), null);
        Assert.AreEqual("macro", m.Averaging);
        Assert.AreEqual(2.0 / 6, m.Accuracy, 1e-15);
        Assert.AreEqual(2.0 / 9, m.Precision, 1e-15);
        Assert.AreEqual(1.0 / 3, m.Recall, 1e-15);
        Assert.AreEqual(4.0 / 15, m.F1, 1e-15);
    }

    [TestMethod]
    public void A_positive_label_makes_string_labels_binary_and_zero_division_is_zero()
    {
        var m = HoldoutMetrics.Compute(Pairs("fault,ok,ok,ok", "ok,ok,ok,ok"), "fault");
        Assert.AreEqual(0.75, m.Accuracy);
        Assert.AreEqual(0, m.Precision, "never predicted: zero_division=0");
        Assert.AreEqual(0, m.Recall);
        Assert.AreEqual(0, m.F1);
        var booleans = HoldoutMetrics.Compute(Pairs("True,False,True", "True,True,True"), null);
        Assert.AreEqual("binary:True", booleans.Averaging);
        Assert.AreEqual(2.0 / 3, booleans.Precision, 1e-15);
    }

    [TestMethod]
    public void Predictions_files_are_read_with_aliases_and_float_labels_and_bad_rows_are_located()
    {
        using var dir = new TempDirectory();
        var path = dir.Write("holdout.csv", "\uFEFFid,y_true,y_pred\r\n1,1.0,1\r\n2,0.0,0\r\n3,1,0.0\r\n");
        var result = HoldoutValidator.Validate("m", path, null, 0.85, null, DateTimeOffset.UnixEpoch);
        Assert.AreEqual(3, result.Metrics.Count);
        Assert.AreEqual(2.0 / 3, result.Metrics.Accuracy, 1e-15);
        Assert.IsFalse(result.IsValid, "0.667 is below the 0.85 floor");

        var ragged = dir.Write("ragged.csv", "actual,predicted\n1,1\n0\n");
        var ex = Assert.ThrowsExactly<LineageException>(() => HoldoutValidator.Validate("m", ragged, null, 0.85, null, DateTimeOffset.UnixEpoch));
        Assert.AreEqual(DiagnosticCodes.InvalidPredictions, ex.Code);
        Assert.AreEqual(3, ex.Line);
        var header = dir.Write("header.csv", "a,b\n1,1\n");
        ex = Assert.ThrowsExactly<LineageException>(() => HoldoutValidator.Validate("m", header, null, 0.85, null, DateTimeOffset.UnixEpoch));
        StringAssert.Contains(ex.Message, "actual column");
        var empty = dir.Write("empty.csv", "actual,predicted\n");
        ex = Assert.ThrowsExactly<LineageException>(() => HoldoutValidator.Validate("m", empty, null, 0.85, null, DateTimeOffset.UnixEpoch));
        StringAssert.Contains(ex.Message, "no rows");
    }

    [TestMethod]
    public void The_validation_hash_is_what_pythons_standard_library_computes()
    {
        using var dir = new TempDirectory();
        var predictions = dir.Write("holdout.csv", "actual,predicted\n1,1\n0,1\n1,1\n0,0\n1,1\n1,0\n0,0\n");
        var model = dir.Write("model.bin", "weights \u00e9\n");
        var result = HoldoutValidator.Validate("plant001-circuit01", predictions, model, 0.5, null, DateTimeOffset.UnixEpoch);

        var script =
            "import hashlib, json, sys\n" +
            "data = hashlib.sha256(open(sys.argv[1], 'rb').read()).hexdigest()\n" +
            "model = hashlib.sha256(open(sys.argv[2], 'rb').read()).hexdigest()\n" +
            "tp, fp, fn, n, ok = 3, 1, 1, 7, 5\n" +
            "p, r = tp / (tp + fp), tp / (tp + fn)\n" +
            "metrics = {'accuracy': ok / n, 'precision': p, 'recall': r, 'f1': 2 * tp / (2 * tp + fp + fn)}\n" +
            "text = json.dumps({'model_name': 'plant001-circuit01', 'metrics': metrics, 'data_sha256': data, 'model_sha256': model}, sort_keys=True, separators=(',', ':'))\n" +
            "print(hashlib.sha256(text.encode()).hexdigest())\n";
        var python = Environment.GetEnvironmentVariable("LINEAGE_PYTHON") is { Length: > 0 } custom ? custom : "python3";
        var start = new ProcessStartInfo(python) { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(script);
        start.ArgumentList.Add(predictions);
        start.ArgumentList.Add(model);
        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEnd().Trim();
        var error = process.StandardError.ReadToEnd();
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode, error);
        Assert.AreEqual(output, result.ValidationHash);
        Assert.AreEqual(64, result.ValidationHash.Length);
    }
}
