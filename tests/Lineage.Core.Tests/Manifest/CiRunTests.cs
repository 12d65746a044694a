using System.Collections.Generic;
using Lineage.Core.Manifest;
using Microsoft.VisualStudio.TestTools.UnitTesting;

namespace Lineage.Core.Tests.Manifest;

[TestClass]
public sealed class CiRunTests
{
    [TestMethod]
    public void Outside_ci_there_is_no_run() =>
        Assert.IsNull(CiRun.Detect(Variables(new() { ["CI"] = "true", ["BUILD_BUILDID"] = "1" })));

    [TestMethod]
    public void Azure_devops()
    {
        var run = CiRun.Detect(Variables(new()
        {
            ["TF_BUILD"] = "True",
            ["BUILD_BUILDID"] = "4711",
            ["BUILD_BUILDNUMBER"] = "20251211.3",
            ["SYSTEM_JOBATTEMPT"] = "2",
            ["BUILD_DEFINITIONNAME"] = "train-circuits",
            ["SYSTEM_COLLECTIONURI"] = "https://dev.azure.com/contoso/",
            ["SYSTEM_TEAMPROJECT"] = "ML Platform",
            ["BUILD_SOURCEVERSION"] = "abc",
        }))!;

        Assert.AreEqual(CiRun.AzureDevOps, run.Provider);
        Assert.AreEqual("4711", run.RunId);
        Assert.AreEqual("20251211.3", run.RunNumber);
        Assert.AreEqual("2", run.Attempt);
        Assert.AreEqual("train-circuits", run.Pipeline);
        Assert.AreEqual("https://dev.azure.com/contoso/ML%20Platform/_build/results?buildId=4711", run.Url);
        Assert.AreEqual("abc", run.Commit);
        Assert.AreEqual("azure-devops-4711", run.JobName);
    }

    [TestMethod]
    public void Github_actions()
    {
        var run = CiRun.Detect(Variables(new()
        {
            ["GITHUB_ACTIONS"] = "true",
            ["GITHUB_RUN_ID"] = "123",
            ["GITHUB_RUN_NUMBER"] = "7",
            ["GITHUB_RUN_ATTEMPT"] = "1",
            ["GITHUB_WORKFLOW"] = "ci",
            ["GITHUB_REPOSITORY"] = "contoso/training",
            ["GITHUB_SHA"] = "def",
        }))!;

        Assert.AreEqual(CiRun.GitHubActions, run.Provider);
        Assert.AreEqual("https://github.com/contoso/training/actions/runs/123", run.Url);
        Assert.AreEqual("def", run.Commit);
    }

    [TestMethod]
    public void Gitlab_ci()
    {
        var run = CiRun.Detect(Variables(new()
        {
            ["GITLAB_CI"] = "true",
            ["CI_PIPELINE_ID"] = "900",
            ["CI_PIPELINE_IID"] = "42",
            ["CI_JOB_ID"] = "901",
            ["CI_PROJECT_PATH"] = "ml/training",
            ["CI_PIPELINE_URL"] = "https://gitlab.example/ml/training/-/pipelines/900",
            ["CI_COMMIT_SHA"] = "0ff",
        }))!;

        Assert.AreEqual(CiRun.GitLabCi, run.Provider);
        Assert.AreEqual("900", run.RunId);
        Assert.AreEqual("https://gitlab.example/ml/training/-/pipelines/900", run.Url);
    }

    [TestMethod]
    public void A_provider_without_a_run_id_is_not_a_run() =>
        Assert.IsNull(CiRun.Detect(Variables(new() { ["GITHUB_ACTIONS"] = "true", ["GITHUB_RUN_ID"] = "  " })));

    private static System.Func<string, string?> Variables(Dictionary<string, string> values) =>
        name => values.TryGetValue(name, out var value) ? value : null;
}
