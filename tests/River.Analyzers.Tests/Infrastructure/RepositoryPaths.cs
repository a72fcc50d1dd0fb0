namespace River.Analyzers.Tests.Infrastructure;

/// <summary>Locates files of the repository from the test's output folder.</summary>
internal static class RepositoryPaths
{
    public static string Root { get; } = FindRoot();

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "River.Typed.sln")))
            {
                return directory.FullName;
            }
        }
        throw new InvalidOperationException($"River.Typed.sln not found above {AppContext.BaseDirectory}.");
    }
}
