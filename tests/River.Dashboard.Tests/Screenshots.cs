using System.Runtime.CompilerServices;
using Microsoft.Playwright;

namespace River.Dashboard.Tests;

/// <summary>
/// Saves full-page screenshots to docs/images/dashboard-NAME.png when RIVER_UPDATE_SCREENSHOTS=1 (commit them: they are
/// the pictures of docs/dashboard.md); otherwise does nothing.
/// </summary>
internal static class Screenshots
{
    public const string Variable = "RIVER_UPDATE_SCREENSHOTS";

    public static async Task SaveAsync(IPage page, string name, bool fullPage = true)
    {
        if (Environment.GetEnvironmentVariable(Variable) != "1")
        {
            return;
        }
        var path = Path.Combine(RepositoryRoot(), "docs", "images", "dashboard-" + name + ".png");
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = fullPage });
    }

    private static string RepositoryRoot([CallerFilePath] string here = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(here)!, "..", ".."));
}
