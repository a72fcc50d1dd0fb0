using Microsoft.EntityFrameworkCore;

namespace WebApp;

/// <summary>An order row (table <c>shop_order</c>).</summary>
public sealed class ShopOrder
{
    public long Id { get; set; }
    public required string Email { get; set; }
    public decimal Amount { get; set; }
    public DateTimeOffset? ConfirmedAt { get; set; }
}

/// <summary>The application's EF Core context; River jobs are inserted in its transaction (River.EntityFrameworkCore).</summary>
public sealed class ShopDb(DbContextOptions<ShopDb> options) : DbContext(options)
{
    public DbSet<ShopOrder> Orders => Set<ShopOrder>();

    public const string CreateTable =
        "CREATE TABLE IF NOT EXISTS shop_order (id bigserial PRIMARY KEY, email text NOT NULL, amount numeric NOT NULL, confirmed_at timestamptz)";

    protected override void OnModelCreating(ModelBuilder modelBuilder)
        => modelBuilder.Entity<ShopOrder>(e =>
        {
            e.ToTable("shop_order");
            e.Property(o => o.Id).HasColumnName("id");
            e.Property(o => o.Email).HasColumnName("email");
            e.Property(o => o.Amount).HasColumnName("amount");
            e.Property(o => o.ConfirmedAt).HasColumnName("confirmed_at");
        });
}
