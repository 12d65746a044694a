using System;

namespace Lineage.Core.Manifest;

/// <summary>
/// The CI run a build belongs to, read from the standard environment variables of Azure DevOps, GitHub Actions and
/// GitLab CI. It lets a registered model point back at the pipeline run that built its config.
/// </summary>
public sealed class CiRun
{
    /// <summary>Provider name for Azure DevOps Pipelines.</summary>
    public const string AzureDevOps = "azure-devops";

    /// <summary>Provider name for GitHub Actions.</summary>
    public const string GitHubActions = "github-actions";

    /// <summary>Provider name for GitLab CI/CD.</summary>
    public const string GitLabCi = "gitlab-ci";

    /// <summary>Creates a run identity.</summary>
    public CiRun(string provider, string runId, string? runNumber, string? attempt, string? pipeline, string? url, string? commit)
    {
        Provider = provider ?? throw new ArgumentNullException(nameof(provider));
        RunId = runId ?? throw new ArgumentNullException(nameof(runId));
        RunNumber = runNumber;
        Attempt = attempt;
        Pipeline = pipeline;
        Url = url;
        Commit = commit;
    }

    /// <summary><c>azure-devops</c>, <c>github-actions</c> or <c>gitlab-ci</c>.</summary>
    public string Provider { get; }

    /// <summary>The provider's unique id of the run (<c>BUILD_BUILDID</c>, <c>GITHUB_RUN_ID</c>, <c>CI_PIPELINE_ID</c>).</summary>
    public string RunId { get; }

    /// <summary>The human-facing run number or name (<c>BUILD_BUILDNUMBER</c>, <c>GITHUB_RUN_NUMBER</c>, <c>CI_PIPELINE_IID</c>).</summary>
    public string? RunNumber { get; }

    /// <summary>The attempt of a re-run (<c>SYSTEM_JOBATTEMPT</c>, <c>GITHUB_RUN_ATTEMPT</c>), or the GitLab job id.</summary>
    public string? Attempt { get; }

    /// <summary>The pipeline or workflow name (<c>BUILD_DEFINITIONNAME</c>, <c>GITHUB_WORKFLOW</c>, <c>CI_PROJECT_PATH</c>).</summary>
    public string? Pipeline { get; }

    /// <summary>A link to the run in the provider's web UI, when the variables allow building one.</summary>
    public string? Url { get; }

    /// <summary>The commit the provider says it built (<c>BUILD_SOURCEVERSION</c>, <c>GITHUB_SHA</c>, <c>CI_COMMIT_SHA</c>).</summary>
    public string? Commit { get; }

    /// <summary>A short identity of the run, <c>{provider}-{run id}</c>: the default <c>training_job</c> tag in CI.</summary>
    public string JobName => Provider + "-" + RunId;

    /// <summary>
    /// Detects the CI provider from environment variables (read through <paramref name="getVariable"/>, so tests and
    /// MSBuild can supply their own). Returns <c>null</c> outside a recognised CI or when the run id is missing.
    /// </summary>
    public static CiRun? Detect(Func<string, string?> getVariable)
    {
        if (getVariable is null)
        {
            throw new ArgumentNullException(nameof(getVariable));
        }

        string? Get(string name)
        {
            var value = getVariable(name);
            return string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
        }

        if (string.Equals(Get("TF_BUILD"), "true", StringComparison.OrdinalIgnoreCase) && Get("BUILD_BUILDID") is { } adoId)
        {
            var collection = Get("SYSTEM_COLLECTIONURI");
            var project = Get("SYSTEM_TEAMPROJECT");
            var url = collection is not null && project is not null
                ? collection.TrimEnd('/') + "/" + Uri.EscapeDataString(project) + "/_build/results?buildId=" + Uri.EscapeDataString(adoId)
                : null;
            return new CiRun(AzureDevOps, adoId, Get("BUILD_BUILDNUMBER"), Get("SYSTEM_JOBATTEMPT"), Get("BUILD_DEFINITIONNAME"), url, Get("BUILD_SOURCEVERSION"));
        }

        if (string.Equals(Get("GITHUB_ACTIONS"), "true", StringComparison.OrdinalIgnoreCase) && Get("GITHUB_RUN_ID") is { } ghId)
        {
            var server = Get("GITHUB_SERVER_URL") ?? "https://github.com";
            var repository = Get("GITHUB_REPOSITORY");
            var url = repository is not null ? server.TrimEnd('/') + "/" + repository + "/actions/runs/" + Uri.EscapeDataString(ghId) : null;
            return new CiRun(GitHubActions, ghId, Get("GITHUB_RUN_NUMBER"), Get("GITHUB_RUN_ATTEMPT"), Get("GITHUB_WORKFLOW"), url, Get("GITHUB_SHA"));
        }

        if (string.Equals(Get("GITLAB_CI"), "true", StringComparison.OrdinalIgnoreCase) && Get("CI_PIPELINE_ID") is { } glId)
        {
            return new CiRun(GitLabCi, glId, Get("CI_PIPELINE_IID"), Get("CI_JOB_ID"), Get("CI_PROJECT_PATH"), Get("CI_PIPELINE_URL"), Get("CI_COMMIT_SHA"));
        }

        return null;
    }
}
