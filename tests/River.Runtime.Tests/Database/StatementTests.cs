using System.Reflection;
using System.Text.RegularExpressions;
using River.Database.Queries;

namespace River.Runtime.Tests.Database;

public sealed partial class StatementTests
{
    /// <summary>Every filled statement of one client: the string properties of SchemaSql and of the statement objects it holds.</summary>
    private static List<(string Name, string Sql)> Statements(SchemaSql sql)
    {
        var list = new List<(string, string)>();
        foreach (var holder in new object[] { sql, sql.Management, sql.Maintenance, sql.Schedules, sql.Testing })
        {
            foreach (var p in holder.GetType().GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.PropertyType == typeof(string)))
            {
                list.Add((holder.GetType().Name + "." + p.Name, (string)p.GetValue(holder)!));
            }
        }
        for (var i = 0; i <= (int)CopyColumns.All; i++)
        {
            list.Add(("CopyIn(" + (CopyColumns)i + ")", sql.CopyIn((CopyColumns)i)));
        }
        return list;
    }

    [Fact]
    public void No_statement_reaches_the_database_with_a_placeholder_left()
    {
        // Both completion modes: delete-on-completion has statements of its own.
        var statements = Statements(new SchemaSql("my_schema")).Concat(Statements(new SchemaSql("my_schema", deleteCompleted: true)))
            .Where(s => s.Sql is not null).ToList();
        Assert.True(statements.Count > 40, $"only {statements.Count} statements found");
        var unfilled = statements.Where(s => s.Sql.Contains(SqlTemplate.Marker, StringComparison.Ordinal)).Select(s => s.Name).ToList();
        Assert.Empty(unfilled);
        Assert.Contains(statements, s => s.Sql.Contains("\"my_schema\".river_job", StringComparison.Ordinal));
    }

    [Fact]
    public void Templates_use_one_placeholder_convention()
    {
        var queries = Path.GetFullPath(Path.Combine(AppContext.BaseDirectory, "../../../../../River.Runtime/Database/Queries"));
        var other = Directory.EnumerateFiles(queries, "*.cs")
            .SelectMany(f => File.ReadLines(f).Select((line, i) => (File: Path.GetFileName(f), Line: i + 1, Text: line)))
            .Where(l => OldPlaceholder().IsMatch(l.Text))
            .Select(l => $"{l.File}:{l.Line}").ToList();
        Assert.Empty(other);
    }

    [GeneratedRegex(@"\{(s|[A-Z_]+)\}")]
    private static partial Regex OldPlaceholder();
}
