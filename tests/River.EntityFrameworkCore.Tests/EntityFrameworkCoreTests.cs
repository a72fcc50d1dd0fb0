using Microsoft.EntityFrameworkCore;
using River.Testing;

namespace River.EntityFrameworkCore.Tests;

/// <summary>Jobs inserted through EF Core exist iff the EF transaction commits (real PostgreSQL, one database per test).</summary>
public sealed class EntityFrameworkCoreTests : IAsyncLifetime
{
    private TestDatabase _database = null!;
    private RiverClient _client = null!;

    public async Task InitializeAsync()
    {
        _database = await TestDatabases.CreateAsync();
        await using (var cmd = _database.DataSource.CreateCommand(ShopDb.CreateTable))
        {
            await cmd.ExecuteNonQueryAsync();
        }
        _client = new RiverClient(new RiverClientOptions { DataSource = _database.DataSource });
    }

    public async Task DisposeAsync()
    {
        await _client.DisposeAsync();
        await _database.DisposeAsync();
    }

    private async Task<(long Orders, long Jobs)> CountAsync()
    {
        await using var cmd = _database.DataSource.CreateCommand(
            "SELECT (SELECT count(*) FROM shop_order), (SELECT count(*) FROM river_job WHERE kind = 'ef.order_confirmation')");
        await using var reader = await cmd.ExecuteReaderAsync();
        await reader.ReadAsync();
        return (reader.GetInt64(0), reader.GetInt64(1));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_job_inserted_in_the_contexts_transaction_exists_iff_it_commits(bool commit)
    {
        await using var db = ShopDb.Create(_database.DataSource);
        await using var tx = await db.Database.BeginTransactionAsync();
        var order = new ShopOrder { Email = "a@example.com" };
        db.Orders.Add(order);
        await db.SaveChangesAsync();
        var result = await _client.InsertAsync(new OrderConfirmation(order.Id, order.Email), db);
        Assert.True(result.Job.Id > 0);
        if (commit)
        {
            await tx.CommitAsync();
        }
        else
        {
            await tx.RollbackAsync();
        }
        Assert.Equal(commit ? (1L, 1L) : (0L, 0L), await CountAsync());
    }

    [Fact]
    public async Task Inserting_without_a_transaction_says_how_to_begin_one()
    {
        await using var db = ShopDb.Create(_database.DataSource);
        var e = await Assert.ThrowsAsync<InvalidOperationException>(() => _client.InsertAsync(new OrderConfirmation(1, "a@example.com"), db));
        Assert.Contains("BeginTransactionAsync", e.Message, StringComparison.Ordinal);
        Assert.Contains("AddRiverJob", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Outbox_jobs_are_inserted_by_SaveChangesAsync_with_the_entities()
    {
        await using var db = ShopDb.Create(_database.DataSource, _client);
        db.Orders.Add(new ShopOrder { Email = "a@example.com" });
        db.AddRiverJob(new OrderConfirmation(1, "a@example.com"));
        Assert.Single(db.PendingRiverJobs());
        Assert.Equal((0L, 0L), await CountAsync());

        await db.SaveChangesAsync();
        Assert.Equal((1L, 1L), await CountAsync());
        Assert.Empty(db.PendingRiverJobs());
        await RiverAssert.RequireInsertedAsync<OrderConfirmation>(_database.DataSource, argsMatch: a => a.Email == "a@example.com");
    }

    [Fact]
    public async Task A_failed_save_inserts_no_job_and_keeps_it_pending()
    {
        await using (var seed = ShopDb.Create(_database.DataSource))
        {
            seed.Orders.Add(new ShopOrder { Email = "taken@example.com" });
            await seed.SaveChangesAsync();
        }
        await using var db = ShopDb.Create(_database.DataSource, _client);
        db.Orders.Add(new ShopOrder { Email = "taken@example.com" });
        db.AddRiverJob(new OrderConfirmation(2, "taken@example.com"));
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        Assert.Equal((1L, 0L), await CountAsync());
        Assert.Single(db.PendingRiverJobs());
    }

    [Fact]
    public async Task Outbox_jobs_follow_the_callers_transaction()
    {
        await using var db = ShopDb.Create(_database.DataSource, _client);
        await using (var tx = await db.Database.BeginTransactionAsync())
        {
            db.Orders.Add(new ShopOrder { Email = "a@example.com" });
            db.AddRiverJob(new OrderConfirmation(1, "a@example.com"));
            await db.SaveChangesAsync();
            Assert.Equal((0L, 0L), await CountAsync()); // not committed yet: invisible to another connection
            await tx.RollbackAsync();
        }
        Assert.Equal((0L, 0L), await CountAsync());
    }

    [Fact]
    public async Task An_invalid_job_fails_the_save_and_rolls_back_the_entities()
    {
        await using var db = ShopDb.Create(_database.DataSource, _client);
        db.Orders.Add(new ShopOrder { Email = "a@example.com" });
        db.AddRiverJob(new OrderConfirmation(1, "a@example.com"), new InsertOptions { Queue = Invalid("bad queue") });
        await Assert.ThrowsAnyAsync<ArgumentException>(() => db.SaveChangesAsync());
        Assert.Equal((0L, 0L), await CountAsync());
    }

    [Fact]
    public void Synchronous_SaveChanges_with_pending_jobs_says_to_use_SaveChangesAsync()
    {
        using var db = ShopDb.Create(_database.DataSource, _client);
        db.AddRiverJob(new OrderConfirmation(1, "a@example.com"));
        var e = Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        Assert.Contains("SaveChangesAsync", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_outbox_works_with_the_recording_fake()
    {
        var recorder = new RecordingRiverInserter();
        await using var db = ShopDb.Create(_database.DataSource, recorder);
        db.Orders.Add(new ShopOrder { Email = "a@example.com" });
        db.AddRiverJob(new OrderConfirmation(1, "a@example.com"));
        await db.SaveChangesAsync();
        Assert.Equal("a@example.com", Assert.Single(recorder.Inserted<OrderConfirmation>()).Email);
        Assert.NotNull(Assert.Single(recorder.Inserts).Transaction);
    }

    /// <summary>A value the analyzers cannot see as a constant (they flag a literal invalid queue at compile time).</summary>
    private static string Invalid(string value) => value;
}
