using System;
using Lineage.Core.Diagnostics;
using Lineage.Retraining.Policy;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class PolicyTests
{
    private static RetrainPolicy Parse(string yaml) => RetrainPolicy.Parse(yaml, "retrain.yaml", "/policies");

    private static LineageException Invalid(string yaml)
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => Parse(yaml));
        Assert.AreEqual(DiagnosticCodes.InvalidRetrainPolicy, ex.Code, ex.Message);
        Assert.AreEqual("retrain.yaml", ex.File);
        return ex;
    }

    [TestMethod]
    public void Defaults_are_those_of_seed_004()
    {
        var policy = Parse("defaults:\n  triggers:\n    performance: {source: metrics.csv}\n    drift: {reference: ref.csv, current: cur.csv}\n    schedule: {}\n");
        var model = policy.For("plant001-circuit01");
        Assert.AreEqual("plant001-circuit01", model.ModelName);
        Assert.AreEqual(0.92, model.Performance!.Threshold);
        Assert.AreEqual("accuracy", model.Performance.Metric);
        Assert.AreEqual(0.25, model.Drift!.PsiThreshold);
        Assert.AreEqual("0 0 * * 0", model.Schedule!.Cron);
        Assert.AreEqual(TimeZoneInfo.Utc, model.Schedule.TimeZone);
        Assert.AreEqual(30, model.EvaluationWindowDays);
        Assert.AreEqual(90, model.TrainingWindowDays);
        Assert.AreEqual(0.05, model.MinImprovement);
        Assert.AreEqual(0.85, model.MinAccuracy);
        Assert.AreEqual("f1", model.DecisionMetric);
        Assert.AreEqual("local", model.Training.Runner);
        Assert.AreEqual(System.IO.Path.GetFullPath("/policies/metrics.csv"), model.Performance.Source);
        Assert.IsNull(model.ConfigChange);
    }

    [TestMethod]
    public void A_model_section_overrides_the_defaults_key_by_key_and_null_switches_a_trigger_off()
    {
        var policy = Parse(
            "defaults:\n" +
            "  evaluation_window_days: 14\n" +
            "  triggers:\n" +
            "    performance: {source: 'http://prometheus:9090', metric: f1, threshold: 0.9}\n" +
            "    schedule: {cron: '0 3 * * 1'}\n" +
            "models:\n" +
            "  plant001-circuit01:\n" +
            "    triggers:\n" +
            "      performance: {threshold: 0.95}\n" +
            "      schedule: null\n" +
            "  plant001-circuit02:\n");
        var first = policy.For("plant001-circuit01");
        Assert.AreEqual(0.95, first.Performance!.Threshold);
        Assert.AreEqual("f1", first.Performance.Metric, "unset keys come from the defaults");
        Assert.AreEqual("http://prometheus:9090", first.Performance.Source);
        Assert.IsNull(first.Schedule);
        Assert.AreEqual(14, first.EvaluationWindowDays);
        var second = policy.For("plant001-circuit02");
        Assert.AreEqual(0.9, second.Performance!.Threshold);
        Assert.AreEqual("0 3 * * 1", second.Schedule!.Cron);
        CollectionAssert.AreEqual(new[] { "plant001-circuit01", "plant001-circuit02" }, new System.Collections.Generic.List<string>(policy.Models.Keys));
    }

    [TestMethod]
    [DataRow("defaults:\n  evaluation_window_days: 0\n", "'defaults.evaluation_window_days' is 0; it must be between 1 and 365")]
    [DataRow("defaults:\n  evaluation_window_days: 366\n", "between 1 and 365")]
    [DataRow("defaults:\n  training_window_days: 6\n", "'defaults.training_window_days' is 6; it must be between 7 and 730")]
    [DataRow("defaults:\n  training_window_days: 731\n", "between 7 and 730")]
    [DataRow("defaults:\n  min_improvement: 1.5\n", "'defaults.min_improvement' is 1.5; it must be between 0 and 1")]
    [DataRow("defaults:\n  triggers:\n    performance: {source: m.csv, threshold: 1.2}\n", "'defaults.triggers.performance.threshold' is 1.2; it must be between 0 and 1")]
    [DataRow("defaults:\n  triggers:\n    drift: {reference: a.csv, current: b.csv, psi_threshold: 0}\n", "greater than 0 and at most 1")]
    [DataRow("defaults:\n  triggers:\n    drift: {reference: a.csv, current: b.csv, psi_threshold: -0.1}\n", "psi_threshold' is -0.1")]
    [DataRow("defaults:\n  triggers:\n    performance: {threshold: 0.9}\n", "'defaults.triggers.performance.source' is required")]
    [DataRow("defaults:\n  triggers:\n    drift: {current: b.csv}\n", "'defaults.triggers.drift.reference' is required")]
    [DataRow("defaults:\n  triggers:\n    schedule: {cron: '61 * * * *'}\n", "is not a valid cron expression ('61 * * * *')")]
    [DataRow("defaults:\n  triggers:\n    schedule: {time_zone: Mars/Olympus}\n", "'Mars/Olympus', which this machine does not know")]
    [DataRow("defaults:\n  triggers:\n    performance: {source: m.csv, aggregate: mode}\n", "use mean, min, median or last")]
    [DataRow("defaults:\n  triggers:\n    perfromance: {source: m.csv}\n", "unknown key 'defaults.triggers.perfromance'; did you mean 'performance'?")]
    [DataRow("defaults:\n  min_improvment: 0.1\n", "did you mean 'min_improvement'?")]
    [DataRow("defaults:\n  decision_metric: auc\n", "use one of: accuracy, precision, recall, f1")]
    [DataRow("defaults:\n  training: {runner: slurm}\n", "use 'local' or 'kubernetes'")]
    [DataRow("defaults:\n  training: {runner: kubernetes}\n", "'defaults.training.kubernetes.image' is required with runner 'kubernetes'")]
    [DataRow("defaults:\n  evaluation_window_days: '30'\n", "must be a whole number, not the string '30'")]
    [DataRow("models:\n  plant001-circuit01: [a]\n", "'models.plant001-circuit01' must be a mapping of settings, not a list")]
    [DataRow("- a\n", "must be a mapping")]
    [DataRow("notifications: {slack_webhook: hooks.slack.com/x}\n", "must be an http(s) URL")]
    [DataRow("metrics_export: {textfile: out/metrics.txt}\n", "must end with .prom")]
    [DataRow("version: 2\n", "'version' is 2; it must be between 1 and 1")]
    [DataRow("defaults:\n  training: {model_output: 'out/{modle}/{job_id}/m.bin'}\n", "'defaults.training.model_output' has the placeholder '{modle}'")]
    [DataRow("defaults:\n  training: {command: [train, '{jobid}']}\n", "'defaults.training.command' has the placeholder '{jobid}'")]
    [DataRow("defaults:\n  training: {config: 'configs/{job_id}.yaml'}\n", "'defaults.training.config' has the placeholder '{job_id}', which is not one of: {model}, {registry}")]
    public void Invalid_policies_are_refused_with_the_key_path_and_what_to_do(string yaml, string expected)
    {
        var ex = Invalid(yaml);
        StringAssert.Contains(ex.Message, expected);
        Assert.IsGreaterThan(0, ex.Line, "errors carry a line");
    }

    [TestMethod]
    public void Errors_point_at_the_mapping_that_holds_the_bad_key()
    {
        var ex = Invalid("defaults:\n  training_window_days: 90\n  triggers:\n    schedule:\n      cron: 'bad cron'\n");
        Assert.AreEqual(5, ex.Line);
        Assert.AreEqual(7, ex.Column);
    }

    [TestMethod]
    public void A_malformed_policy_is_a_yaml_error_with_its_position()
    {
        var ex = Assert.ThrowsExactly<LineageException>(() => Parse("defaults:\n  triggers: {schedule: [\n"));
        Assert.AreEqual("retrain.yaml", ex.File);
        Assert.IsGreaterThan(0, ex.Line);
    }

    [TestMethod]
    public void Six_field_cron_includes_seconds_and_time_zones_are_iana()
    {
        var model = Parse("defaults:\n  triggers:\n    schedule: {cron: '30 0 2 * * *', time_zone: Europe/Berlin}\n").Defaults;
        Assert.AreEqual("Europe/Berlin", model.Schedule!.TimeZone.Id);
        var next = model.Schedule.Expression.GetNextOccurrence(new DateTime(2026, 7, 1, 0, 0, 0, DateTimeKind.Utc), model.Schedule.TimeZone);
        Assert.AreEqual(new DateTime(2026, 7, 1, 0, 0, 30, DateTimeKind.Utc), next, "02:00:30 in Berlin summer time is 00:00:30 UTC");
    }
}
