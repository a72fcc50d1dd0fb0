using River;

namespace WebApp;

/// <summary>Sends the confirmation of a placed order.</summary>
[JobArgs("shop.order_confirmation", Queue = "mail")]
public sealed record SendOrderConfirmation(long OrderId, string Email);

/// <summary>Marks the order confirmed (the "email" is the row update), in its own transaction.</summary>
public sealed class SendOrderConfirmationWorker(Npgsql.NpgsqlDataSource dataSource, ILogger<SendOrderConfirmationWorker> log)
    : Worker<SendOrderConfirmation>
{
    public override async Task WorkAsync(Job<SendOrderConfirmation> job, CancellationToken cancellationToken)
    {
        await using var cmd = dataSource.CreateCommand("UPDATE shop_order SET confirmed_at = now() WHERE id = $1");
        cmd.Parameters.AddWithValue(job.Args.OrderId);
        await cmd.ExecuteNonQueryAsync(cancellationToken);
        log.LogInformation("order {OrderId} confirmed to {Email}", job.Args.OrderId, job.Args.Email);
    }
}
