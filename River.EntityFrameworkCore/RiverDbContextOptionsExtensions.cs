using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace River.EntityFrameworkCore;

/// <summary>Turns on River's outbox for a <see cref="DbContext"/>: jobs added with <c>AddRiverJob</c> are inserted by <c>SaveChangesAsync</c>.</summary>
public static class RiverDbContextOptionsExtensions
{
    /// <summary>
    /// Adds the interceptor that inserts a context's pending River jobs (<see cref="RiverDbContextExtensions.AddRiverJob"/>)
    /// during <c>SaveChangesAsync</c>, in the save's transaction, through <paramref name="inserter"/> (the
    /// <see cref="RiverClient"/>, or a recording fake in tests).
    /// </summary>
    public static DbContextOptionsBuilder UseRiver(this DbContextOptionsBuilder optionsBuilder, IRiverInserter inserter)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(inserter);
        return optionsBuilder.AddInterceptors(new RiverSaveChangesInterceptor(() => inserter));
    }

    /// <summary>
    /// Like <see cref="UseRiver(DbContextOptionsBuilder, IRiverInserter)"/>, with the <see cref="IRiverInserter"/> that
    /// <c>AddRiver</c> registered in <paramref name="services"/>, resolved at the first save:
    /// <c>services.AddDbContext&lt;AppDb&gt;((sp, o) =&gt; o.UseNpgsql(dataSource).UseRiver(sp))</c>.
    /// </summary>
    public static DbContextOptionsBuilder UseRiver(this DbContextOptionsBuilder optionsBuilder, IServiceProvider services)
    {
        ArgumentNullException.ThrowIfNull(optionsBuilder);
        ArgumentNullException.ThrowIfNull(services);
        return optionsBuilder.AddInterceptors(new RiverSaveChangesInterceptor(() => services.GetRequiredService<IRiverInserter>()));
    }
}
