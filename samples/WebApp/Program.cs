using Microsoft.EntityFrameworkCore;
using Npgsql;
using River;
using River.Dashboard;
using River.EntityFrameworkCore;
using WebApp;

// POST /orders {"email": "...", "amount": 12.5, "fail": false} saves an order through EF Core and inserts its
// confirmation job in the same EF transaction (with "fail": true the endpoint throws after the insert: neither the
// order nor the job exists). GET /orders/{id} shows the order (confirmed once the job ran), GET /health runs the health
// checks (River's included), /river the dashboard (no authorization policy here: it serves loopback callers only,
// which this app's address is). Binds to 127.0.0.1 only (port: PORT, default 5080). The database: DATABASE_URL
// (a postgres:// URL or a connection string); in a Debug build without it, a throwaway local PostgreSQL.
var builder = WebApplication.CreateSlimBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "5080";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");

var url = Environment.GetEnvironmentVariable("DATABASE_URL");
#if DEBUG
// Development only: River.Testing (a test package) is referenced in Debug builds only, so a Release build of this app
// cannot start a throwaway server by accident. Production sets DATABASE_URL.
await using var throwaway = string.IsNullOrWhiteSpace(url) ? await River.Testing.ThrowawayPostgres.StartAsync() : null;
url = throwaway?.ConnectionString ?? url;
#endif
if (string.IsNullOrWhiteSpace(url))
{
    throw new InvalidOperationException("Set DATABASE_URL to a postgres:// URL or a connection string.");
}
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(DatabaseUrl.ToConnectionString(url)));
builder.Services.AddDbContext<ShopDb>((sp, options) => options.UseNpgsql(sp.GetRequiredService<NpgsqlDataSource>()));
builder.Services.AddRiver(options =>
{
    // DataSource comes from the container (the NpgsqlDataSource registered above).
    options.Queues.Add("default", maxWorkers: 10);
    options.Queues.Add("mail", maxWorkers: 5);
}).AddRiverJobsFromThisAssembly();
builder.Services.AddHealthChecks().AddRiver();
builder.Services.AddRiverDashboard();

var app = builder.Build();
var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
await new RiverMigrator(dataSource).MigrateUpAllLinesAsync();
await using (var cmd = dataSource.CreateCommand(ShopDb.CreateTable))
{
    await cmd.ExecuteNonQueryAsync();
}

app.MapPost("/orders", async (OrderRequest request, ShopDb db, IRiverInserter river, CancellationToken ct) =>
{
    await using var tx = await db.Database.BeginTransactionAsync(ct);
    var order = new ShopOrder { Email = request.Email, Amount = request.Amount };
    db.Orders.Add(order);
    await db.SaveChangesAsync(ct);
    var job = await river.InsertAsync(new SendOrderConfirmation(order.Id, request.Email), db, cancellationToken: ct);
    if (request.Fail)
    {
        throw new InvalidOperationException("failing on purpose: the transaction rolls back, order and job with it");
    }
    await tx.CommitAsync(ct);
    return Results.Created($"/orders/{order.Id}", new OrderCreated(order.Id, job.Job.Id));
});

app.MapGet("/orders/{id:long}", async (long id, ShopDb db, CancellationToken ct) =>
    await db.Orders.AsNoTracking().FirstOrDefaultAsync(o => o.Id == id, ct) is { } order
        ? Results.Ok(new OrderView(order.Id, order.Email, order.Amount, order.ConfirmedAt))
        : Results.NotFound());

app.MapHealthChecks("/health");

app.MapRiverDashboard("/river");

app.Run();
