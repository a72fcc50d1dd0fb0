using Microsoft.EntityFrameworkCore;
using Npgsql;
using River.EntityFrameworkCore;

namespace River.EntityFrameworkCore.Tests;

[JobArgs("ef.order_confirmation")]
public sealed record OrderConfirmation(long OrderId, string Email);

public sealed class ShopOrder
{
    public long Id { get; set; }
    public required string Email { get; set; }
}

/// <summary>An application's context: one table with a unique email, so a save can be made to fail.</summary>
public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<ShopOrder> Orders => Set<ShopOrder>();

    public const string CreateTable = "CREATE TABLE shop_order (id bigserial PRIMARY KEY, email text NOT NULL UNIQUE)";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<ShopOrder>(e =>
        {
            e.ToTable("shop_order");
            e.Property(o => o.Id).HasColumnName("id");
            e.Property(o => o.Email).HasColumnName("email");
        });

    public static ShopDb Create(NpgsqlDataSource dataSource, IRiverInserter? outbox = null)
    {
        var builder = new DbContextOptionsBuilder<ShopDb>().UseNpgsql(dataSource);
        if (outbox is not null)
        {
            builder.UseRiver(outbox);
        }
        return new ShopDb(builder.Options);
    }
}
