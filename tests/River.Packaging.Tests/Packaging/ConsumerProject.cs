namespace River.Packaging.Tests.Packaging;

/// <summary>The files of a fresh consumer project that uses River.Typed from packages only.</summary>
internal static class ConsumerProject
{
    public static void Write(string directory, string feed, string version)
    {
        // Own NuGet.config (the local feed first, then the usual source) and empty Directory.Build.props /
        // Directory.Packages.props so nothing of a surrounding folder leaks in.
        File.WriteAllText(Path.Combine(directory, "NuGet.config"), $"""
            <?xml version="1.0" encoding="utf-8"?>
            <configuration>
              <packageSources>
                <clear />
                <add key="local" value="{feed}" />
                <add key="nuget.org" value="https://api.nuget.org/v3/index.json" />
              </packageSources>
            </configuration>
            """);
        File.WriteAllText(Path.Combine(directory, "Directory.Build.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Directory.Packages.props"), "<Project />");
        File.WriteAllText(Path.Combine(directory, "Consumer.csproj"), $"""
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <Nullable>enable</Nullable>
                <ImplicitUsings>enable</ImplicitUsings>
                <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
              </PropertyGroup>
              <ItemGroup>
                <PackageReference Include="River.Runtime" Version="{version}" />
                <PackageReference Include="Microsoft.Extensions.Hosting" Version="10.0.5" />
              </ItemGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(directory, "Program.cs"), """
            using Microsoft.Extensions.DependencyInjection;
            using Microsoft.Extensions.Hosting;
            using Npgsql;
            using River;

            await using var dataSource = NpgsqlDataSource.Create(args[0]);
            await new RiverMigrator(dataSource).MigrateUpAllLinesAsync();
            var done = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
            var builder = Host.CreateApplicationBuilder();
            builder.Services.AddSingleton(done);
            builder.Services.AddRiver(o =>
            {
                o.DataSource = dataSource;
                o.Queues.Add("default", maxWorkers: 2);
                o.FetchPollInterval = TimeSpan.FromMilliseconds(200);
            }).AddRiverJobsFromThisAssembly();
            using var host = builder.Build();
            await host.StartAsync();
            var client = host.Services.GetRequiredService<RiverClient>();
            await client.InsertAsync(new Greet("hello from a package"));
            var text = await done.Task.WaitAsync(TimeSpan.FromSeconds(60));
            await host.StopAsync();
            Console.WriteLine("consumer: job worked: " + text);

            [JobArgs("consumer.greet")]
            public sealed record Greet(string Text);

            public sealed class GreetWorker(TaskCompletionSource<string> done) : Worker<Greet>
            {
                public override Task WorkAsync(Job<Greet> job, CancellationToken cancellationToken)
                {
                    done.TrySetResult(job.Args.Text);
                    return Task.CompletedTask;
                }
            }
            """);
    }
}
