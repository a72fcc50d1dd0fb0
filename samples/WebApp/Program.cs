using Npgsql;
using River;
using River.Dashboard;
using River.Testing;
using WebApp;

// POST /orders {"email": "...", "amount": 12.5, "fail": false} writes an order row and inserts its confirmation job
// in one transaction (with "fail": true the endpoint throws after the insert: neither the order nor the job exists).
// GET /orders/{id} shows the order (confirmed once the job ran), GET /health River's health snapshot, /river the
// dashboard (no authorization policy here: it serves loopback callers only, which this app's address is).
// Binds to 127.0.0.1 only (port: PORT, default 5080). Uses DATABASE_URL, else a throwaway PostgreSQL.
var url = Environment.GetEnvironmentVariable("DATABASE_URL");
await using var throwaway = string.IsNullOrWhiteSpace(url) ? await ThrowawayPostgres.StartAsync() : null;
var connectionString = throwaway?.ConnectionString ?? DatabaseUrl.ToConnectionString(url!);

var builder = WebApplication.CreateSlimBuilder(args);
var port = Environment.GetEnvironmentVariable("PORT") ?? "5080";
builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
builder.Services.AddSingleton(_ => NpgsqlDataSource.Create(connectionString));
builder.Services.AddScoped<UnitOfWork>();
builder.Services.AddRiver(options =>
{
    // DataSource comes from the container (the NpgsqlDataSource registered above).
    options.Queues.Add("default", maxWorkers: 10);
    options.Queues.Add("mail", maxWorkers: 5);
}).AddRiverJobsFromThisAssembly();
builder.Services.AddRiverDashboard();

var app = builder.Build();
var dataSource = app.Services.GetRequiredService<NpgsqlDataSource>();
await new RiverMigrator(dataSource).MigrateUpAsync();
await using (var cmd = dataSource.CreateCommand(
    "CREATE TABLE IF NOT EXISTS shop_order (id bigserial PRIMARY KEY, email text NOT NULL, amount numeric NOT NULL, confirmed_at timestamptz)"))
{
    await cmd.ExecuteNonQueryAsync();
}

app.MapPost("/orders", async (OrderRequest request, UnitOfWork work, RiverClient river, CancellationToken ct) =>
{
    var tx = await work.BeginAsync(ct);
    long orderId;
    await using (var insert = new NpgsqlCommand("INSERT INTO shop_order (email, amount) VALUES ($1, $2) RETURNING id", tx.Connection, tx))
    {
        insert.Parameters.AddWithValue(request.Email);
        insert.Parameters.AddWithValue(request.Amount);
        orderId = (long)(await insert.ExecuteScalarAsync(ct))!;
    }
    var job = await river.InsertAsync(new SendOrderConfirmation(orderId, request.Email), tx, cancellationToken: ct);
    if (request.Fail)
    {
        throw new InvalidOperationException("failing on purpose: the transaction rolls back, order and job with it");
    }
    await tx.CommitAsync(ct);
    return Results.Created($"/orders/{orderId}", new OrderCreated(orderId, job.Job.Id));
});

app.MapGet("/orders/{id:long}", async (long id, NpgsqlDataSource db, CancellationToken ct) =>
{
    await using var cmd = db.CreateCommand("SELECT email, amount, confirmed_at FROM shop_order WHERE id = $1");
    cmd.Parameters.AddWithValue(id);
    await using var reader = await cmd.ExecuteReaderAsync(ct);
    if (!await reader.ReadAsync(ct))
    {
        return Results.NotFound();
    }
    return Results.Ok(new OrderView(id, reader.GetString(0), reader.GetDecimal(1), reader.IsDBNull(2) ? null : reader.GetFieldValue<DateTimeOffset>(2)));
});

app.MapGet("/health", (RiverClient river) =>
{
    var health = river.GetHealth();
    return health.Started ? Results.Ok(health) : Results.Json(health, statusCode: StatusCodes.Status503ServiceUnavailable);
});

app.MapRiverDashboard("/river");

app.Run();
