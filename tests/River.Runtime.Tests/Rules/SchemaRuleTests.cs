using Npgsql;

namespace River.Runtime.Tests.Rules;

/// <summary>
/// The client and the migrator accept exactly the same schema names (one rule, JobOptionRules.ValidateSchemaName).
/// Before, the client accepted upper-case and <c>pg_</c> names the migrator refuses, so a client could be configured
/// for a schema no migration can create.
/// </summary>
public sealed class SchemaRuleTests
{
    [Theory]
    [InlineData("public", true)]
    [InlineData("jobs_2", true)]
    [InlineData("_river", true)]
    [InlineData("River2", false)]
    [InlineData("riVer", false)]
    [InlineData("pg_jobs", false)]
    [InlineData("jobs-1", false)]
    [InlineData("", false)]
    [InlineData("a234567890123456789012345678901234567890123456", true)]
    [InlineData("a2345678901234567890123456789012345678901234567", false)]
    public void Client_and_migrator_give_one_verdict(string schema, bool valid)
    {
        var migrator = Record.Exception(() => RiverMigrator.GetSql(1, RiverMigrationDirection.Up, schema));
        using var dataSource = NpgsqlDataSource.Create("Host=127.0.0.1");
        var client = Record.Exception(() => new RiverClientOptions { DataSource = dataSource, Schema = schema }.Validate());

        Assert.Equal(valid, migrator is null);
        Assert.Equal(valid, client is null);
        if (!valid)
        {
            Assert.IsType<RiverMigrationException>(migrator);
            Assert.Contains(JobOptionRules.ValidateSchemaName(schema)!, migrator!.Message, StringComparison.Ordinal);
            Assert.Contains(JobOptionRules.ValidateSchemaName(schema)!, client!.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void One_prefix_builder_for_migrations_and_statements()
    {
        Assert.Equal("\"jobs\".", JobOptionRules.SchemaPrefix("jobs"));
        Assert.Equal("", JobOptionRules.SchemaPrefix(null));
        Assert.Contains("CREATE TABLE \"jobs\".river_migration", RiverMigrator.GetSql(1, RiverMigrationDirection.Up, "jobs"), StringComparison.Ordinal);
        Assert.Equal("\"jobs\".", new River.Database.Queries.SchemaSql("jobs").Prefix);
    }
}
