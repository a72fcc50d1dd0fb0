using Npgsql;

namespace River.Cli.Tests;

public sealed class DatabaseUrlTests
{
    [Fact]
    public void Url_parts_map_to_connection_string_keywords()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString(
            "postgresql://river%40app:p%3Ass%2Fw%40rd@db.example.com:6543/jobs%20db?sslmode=require&application_name=worker&connect_timeout=7&search_path=jobs"));
        Assert.Equal("db.example.com", b.Host);
        Assert.Equal(6543, b.Port);
        Assert.Equal("river@app", b.Username);
        Assert.Equal("p:ss/w@rd", b.Password);
        Assert.Equal("jobs db", b.Database);
        Assert.Equal(SslMode.Require, b.SslMode);
        Assert.Equal("worker", b.ApplicationName);
        Assert.Equal(7, b.Timeout);
        Assert.Equal("jobs", b.SearchPath);
    }

    [Fact]
    public void Defaults_and_ipv6()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("postgres://[::1]"));
        Assert.Equal("::1", b.Host);
        Assert.Equal(5432, b.Port);
        Assert.Null(b.Username);
        Assert.Null(b.Database);
    }

    [Fact]
    public void Keyword_connection_strings_pass_through_checked()
    {
        var b = new NpgsqlConnectionStringBuilder(DatabaseUrl.ToConnectionString("Host=h;Port=5433;Username=u;Database=d"));
        Assert.Equal(("h", 5433, "u", "d"), (b.Host, b.Port, b.Username, b.Database));

        var e = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString("Host=h;Colour=blue"));
        Assert.StartsWith("The connection string is invalid:", e.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("", "The database URL is empty.")]
    [InlineData("http://h/db", "scheme 'http'")]
    [InlineData("postgres://u:secret@h/db?sslmode=sometimes", "sslmode 'sometimes'")]
    [InlineData("postgres://u:secret@h/db?connect_timeout=soon", "connect_timeout 'soon'")]
    [InlineData("postgres://u:secret@h/a/b", "single database name")]
    public void Bad_values_name_the_problem_without_the_password(string url, string expected)
    {
        var e = Assert.Throws<FormatException>(() => DatabaseUrl.ToConnectionString(url));
        Assert.Contains(expected, e.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("secret", e.Message, StringComparison.Ordinal);
    }
}
