using System;
using System.IO;
using System.Linq;
using System.Threading.Tasks;
using Lineage.Core.Diagnostics;
using Lineage.Retraining;
using Lineage.Retraining.Jobs;
using Lineage.Tests.Shared;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Tests.Retraining;

[TestClass]
public sealed class JobStoreTests
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 10, 0, 0, TimeSpan.Zero);

    [TestMethod]
    public void A_job_goes_through_every_status_and_keeps_its_history_on_disk()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var job = store.Create("plant001-circuit01", TriggerKind.Performance, "accuracy 0.88 < 0.92", T0, configure: j => j.MetricsBefore["accuracy"] = 0.88);
        StringAssert.StartsWith(job.JobId, "rt-20261123100000-");
        store.Move(job.JobId, JobStatus.Running, T0.AddMinutes(1), "submitted");
        store.Move(job.JobId, JobStatus.Validation, T0.AddMinutes(30), "training finished");
        store.Update(job.JobId, T0.AddMinutes(31), j => j.MetricsAfter["f1"] = 0.95);
        store.Move(job.JobId, JobStatus.Deploying, T0.AddMinutes(32));
        store.Move(job.JobId, JobStatus.Completed, T0.AddMinutes(33), "deployed", j => j.Deployed = true);

        var read = new JobStore(dir.Path).Get(job.JobId);
        Assert.AreEqual(JobStatus.Completed, read.Status);
        Assert.AreEqual(T0.AddMinutes(1), read.StartedAt);
        Assert.AreEqual(T0.AddMinutes(33), read.FinishedAt);
        Assert.AreEqual(0.88, read.MetricsBefore["accuracy"]);
        Assert.AreEqual(0.95, read.MetricsAfter["f1"]);
        Assert.IsTrue(read.Deployed);
        CollectionAssert.AreEqual(
            new[] { JobStatus.Pending, JobStatus.Running, JobStatus.Validation, JobStatus.Deploying, JobStatus.Completed },
            read.History.Select(h => h.Status).ToArray());
        Assert.AreEqual("accuracy 0.88 < 0.92", read.History[0].Message);
        StringAssert.Contains(File.ReadAllText(Path.Combine(dir.Path, "retrain_jobs", job.JobId + ".json")), "\"status\": \"completed\"");
    }

    [TestMethod]
    [DataRow(JobStatus.Pending, JobStatus.Validation)]
    [DataRow(JobStatus.Pending, JobStatus.Completed)]
    [DataRow(JobStatus.Running, JobStatus.Deploying)]
    [DataRow(JobStatus.Running, JobStatus.Pending)]
    public void Skipping_or_reversing_a_status_is_refused(JobStatus from, JobStatus to)
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var job = store.Create("m", TriggerKind.Manual, "why", T0);
        if (from == JobStatus.Running)
        {
            store.Move(job.JobId, JobStatus.Running, T0);
        }

        var ex = Assert.ThrowsExactly<LineageException>(() => store.Move(job.JobId, to, T0));
        Assert.AreEqual(DiagnosticCodes.InvalidJobTransition, ex.Code);
        StringAssert.Contains(ex.Message, "cannot become " + JobStatuses.ToName(to));
        Assert.AreEqual(from, store.Get(job.JobId).Status, "a refused move changes nothing");
    }

    [TestMethod]
    public void Final_jobs_do_not_move_and_any_open_job_can_fail()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var job = store.Create("m", TriggerKind.Manual, "why", T0);
        store.Move(job.JobId, JobStatus.Failed, T0, "runner lost");
        Assert.AreEqual("runner lost", store.Get(job.JobId).ErrorMessage);
        var ex = Assert.ThrowsExactly<LineageException>(() => store.Move(job.JobId, JobStatus.Running, T0));
        StringAssert.Contains(ex.Message, "none: it is final");
    }

    [TestMethod]
    public void A_second_job_for_a_model_with_one_open_is_refused()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var first = store.Create("m", TriggerKind.Drift, "psi 0.3", T0);
        var ex = Assert.ThrowsExactly<LineageException>(() => store.Create("m", TriggerKind.Manual, "again", T0));
        Assert.AreEqual(DiagnosticCodes.JobAlreadyActive, ex.Code);
        StringAssert.Contains(ex.Message, first.JobId);
        store.Create("other", TriggerKind.Manual, "another model is fine", T0);
        store.Move(first.JobId, JobStatus.Failed, T0, "x");
        store.Create("m", TriggerKind.Manual, "after the first failed", T0);
    }

    [TestMethod]
    public void Lists_filter_by_model_status_trigger_and_age_newest_first()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var a = store.Create("a", TriggerKind.Schedule, "due", T0);
        store.Move(a.JobId, JobStatus.Failed, T0, "x");
        var b = store.Create("a", TriggerKind.Manual, "why", T0.AddDays(1));
        store.Create("b", TriggerKind.Schedule, "due", T0.AddDays(2));
        CollectionAssert.AreEqual(new[] { b.JobId, a.JobId }, store.List(new JobFilter { ModelName = "a" }).Select(j => j.JobId).ToArray());
        Assert.AreEqual(a.JobId, store.List(new JobFilter { Status = JobStatus.Failed }).Single().JobId);
        Assert.HasCount(2, store.List(new JobFilter { Trigger = TriggerKind.Schedule }));
        Assert.HasCount(2, store.List(new JobFilter { Since = T0.AddHours(1) }));
        Assert.AreEqual("b", store.List(new JobFilter { Limit = 1 }).Single().ModelName);
    }

    [TestMethod]
    public void Concurrent_updates_lose_nothing_and_only_one_concurrent_create_wins()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        var job = store.Create("m", TriggerKind.Manual, "why", T0);
        Parallel.For(0, 16, new ParallelOptions { MaxDegreeOfParallelism = 16 }, i =>
            new JobStore(dir.Path).Update(job.JobId, T0, j => j.MetricsAfter["metric" + i] = i));
        Assert.HasCount(16, store.Get(job.JobId).MetricsAfter);

        var wins = 0;
        var refused = 0;
        Parallel.For(0, 8, new ParallelOptions { MaxDegreeOfParallelism = 8 }, _ =>
        {
            try
            {
                new JobStore(dir.Path).Create("racing", TriggerKind.Manual, "race", T0);
                System.Threading.Interlocked.Increment(ref wins);
            }
            catch (LineageException ex) when (ex.Code == DiagnosticCodes.JobAlreadyActive)
            {
                System.Threading.Interlocked.Increment(ref refused);
            }
        });
        Assert.AreEqual(1, wins);
        Assert.AreEqual(7, refused);
    }

    [TestMethod]
    public void Ids_that_are_not_job_ids_never_name_a_file_and_damaged_files_are_reported()
    {
        using var dir = new TempDirectory();
        var store = new JobStore(dir.Path);
        foreach (var id in new[] { "../etc/passwd", "rt-../../x", "RT-1", "rt-" + new string('a', 80) })
        {
            Assert.AreEqual(DiagnosticCodes.JobNotFound, Assert.ThrowsExactly<LineageException>(() => store.Get(id)).Code, id);
        }

        Assert.AreEqual(DiagnosticCodes.JobNotFound, Assert.ThrowsExactly<LineageException>(() => store.Get("rt-20260101000000-00000000")).Code);
        var job = store.Create("m", TriggerKind.Manual, "why", T0);
        File.WriteAllText(Path.Combine(dir.Path, "retrain_jobs", job.JobId + ".json"), "{\"job_id\": ");
        var ex = Assert.ThrowsExactly<LineageException>(() => store.Get(job.JobId));
        Assert.AreEqual(DiagnosticCodes.JobStoreCorrupt, ex.Code);
        StringAssert.Contains(ex.File, job.JobId);
    }
}
