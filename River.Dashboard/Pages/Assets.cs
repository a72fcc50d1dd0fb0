using System.Security.Cryptography;
using Microsoft.AspNetCore.Http;

namespace River.Dashboard.Pages;

/// <summary>The stylesheet and script, embedded in the assembly (no CDN, nothing fetched at run time).</summary>
internal static class Assets
{
    private static readonly Dictionary<string, (byte[] Content, string Type)> Files = Load();

    /// <summary>A short hash of the assets, appended to their addresses so a new version is never served from cache.</summary>
    public static readonly string Version = Convert.ToHexString(SHA256.HashData(Files.Values.SelectMany(f => f.Content).ToArray()))[..12].ToLowerInvariant();

    private static Dictionary<string, (byte[], string)> Load()
    {
        var files = new Dictionary<string, (byte[], string)>(StringComparer.Ordinal);
        var assembly = typeof(Assets).Assembly;
        foreach (var (name, type) in new[] { ("dashboard.css", "text/css; charset=utf-8"), ("dashboard.js", "text/javascript; charset=utf-8") })
        {
            using var stream = assembly.GetManifestResourceStream("River.Dashboard.Assets." + name)
                ?? throw new InvalidOperationException($"River.Dashboard is missing its embedded asset '{name}' (a broken build).");
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            files[name] = (memory.ToArray(), type);
        }
        return files;
    }

    public static Task ServeAsync(HttpContext context)
    {
        var name = context.Request.RouteValues["name"] as string ?? "";
        if (!Files.TryGetValue(name, out var file))
        {
            context.Response.StatusCode = StatusCodes.Status404NotFound;
            return Task.CompletedTask;
        }
        context.Response.ContentType = file.Type;
        context.Response.Headers.CacheControl = "public, max-age=31536000, immutable";
        return context.Response.Body.WriteAsync(file.Content, context.RequestAborted).AsTask();
    }
}
