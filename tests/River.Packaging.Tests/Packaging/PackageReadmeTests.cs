using System.Text.RegularExpressions;
using System.Xml.Linq;
using River.Packaging.Tests.Infrastructure;

namespace River.Packaging.Tests.Packaging;

/// <summary>
/// Each package's page shows its own README.md (next to its project file), written for package users: how to install
/// it and a short example, no repository scripts, and only links that lead somewhere real.
/// </summary>
public sealed partial class PackageReadmeTests
{
    [Fact]
    public void Every_package_has_its_own_README_for_package_users()
    {
        var packable = Directory.EnumerateFiles(Repository.Root, "*.csproj", SearchOption.AllDirectories)
            .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .Where(p => XDocument.Load(p).Descendants("IsPackable").Any(e => e.Value == "true"))
            .ToList();
        Assert.Equal(
            ["River.Cli", "River.Dashboard", "River.EntityFrameworkCore", "River.Runtime", "River.Templates", "River.Testing"],
            packable.Select(p => Path.GetFileNameWithoutExtension(p)).Order(StringComparer.Ordinal));

        foreach (var project in packable)
        {
            var id = Path.GetFileNameWithoutExtension(project);
            var readmePath = Path.Combine(Path.GetDirectoryName(project)!, "README.md");
            Assert.True(File.Exists(readmePath), $"{id} has no README.md next to its project file");
            var readme = File.ReadAllText(readmePath);
            Assert.StartsWith($"# {id}\n", readme, StringComparison.Ordinal);
            var install = id switch
            {
                "River.Cli" => "dotnet tool install --global River.Cli",
                "River.Templates" => "dotnet new install River.Templates",
                _ => $"dotnet add package {id}",
            };
            Assert.True(readme.Contains(install, StringComparison.Ordinal), $"{id}'s README does not say how to install it ({install})");
            Assert.True(readme.Contains("```csharp", StringComparison.Ordinal) || readme.Contains("```sh", StringComparison.Ordinal), $"{id}'s README has no example");
            foreach (var script in new[] { "demo.sh", "test.sh" })
            {
                Assert.False(readme.Contains(script, StringComparison.Ordinal), $"{id}'s README mentions the repository's {script}");
            }
            // Relative links break on a package page; the project has no public address yet, so none may point at one.
            foreach (Match link in Link().Matches(readme))
            {
                var target = link.Groups[1].Success ? link.Groups[1].Value : link.Groups[2].Value;
                Assert.True(target.StartsWith("https://riverqueue.com", StringComparison.Ordinal),
                    $"{id}'s README links to {target}: only real, absolute addresses (River's site) are allowed");
            }
        }
    }

    [GeneratedRegex(@"\]\(([^)]+)\)|<(https?://[^>]+)>")]
    private static partial Regex Link();
}
