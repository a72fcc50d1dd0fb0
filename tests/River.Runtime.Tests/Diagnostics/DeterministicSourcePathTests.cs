namespace River.Runtime.Tests.Diagnostics;

/// <summary>Stack traces through River.Runtime (what an attempt error records) name /_/ source paths, never the build machine's.</summary>
public sealed class DeterministicSourcePathTests
{
    private sealed record NotRegistered;

    [Fact]
    public void A_trace_through_the_runtime_names_mapped_source_paths()
    {
        var e = Assert.Throws<InvalidOperationException>(() => JobDefinition.For<NotRegistered>());
        var trace = e.StackTrace ?? "";
        Assert.Contains("/_/River.Runtime/", trace, StringComparison.Ordinal);
        Assert.DoesNotContain(FindRepositoryRoot() + "River.Runtime", trace, StringComparison.Ordinal);
    }

    private static string FindRepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "River.Typed.sln")))
        {
            dir = dir.Parent;
        }
        Assert.NotNull(dir);
        return dir.FullName + Path.DirectorySeparatorChar;
    }
}
