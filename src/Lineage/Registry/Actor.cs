using System;

namespace Lineage.Registry;

/// <summary>Who is acting on the registry: the CI's user when the run is a CI run, else the local user.</summary>
public static class Actor
{
    /// <summary>
    /// <c>LINEAGE_ACTOR</c> when set; else the CI's user (<c>GITHUB_ACTOR</c>, Azure DevOps <c>BUILD_REQUESTEDFOR</c>,
    /// GitLab <c>GITLAB_USER_LOGIN</c>); else the operating system user.
    /// </summary>
    public static string Detect(Func<string, string?> getVariable)
    {
        if (getVariable is null)
        {
            throw new ArgumentNullException(nameof(getVariable));
        }

        foreach (var name in new[] { "LINEAGE_ACTOR", "GITHUB_ACTOR", "BUILD_REQUESTEDFOR", "GITLAB_USER_LOGIN" })
        {
            var value = getVariable(name);
            if (!string.IsNullOrWhiteSpace(value))
            {
                return value!.Trim();
            }
        }

        var user = getVariable("USER") ?? getVariable("USERNAME");
        return string.IsNullOrWhiteSpace(user) ? Environment.UserName : user!.Trim();
    }
}
