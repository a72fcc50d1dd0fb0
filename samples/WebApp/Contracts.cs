namespace WebApp;

/// <summary>The body of POST /orders.</summary>
public sealed record OrderRequest(string Email, decimal Amount, bool Fail = false);

/// <summary>The answer of POST /orders.</summary>
public sealed record OrderCreated(long OrderId, long JobId);

/// <summary>The answer of GET /orders/{id}.</summary>
public sealed record OrderView(long Id, string Email, decimal Amount, DateTimeOffset? ConfirmedAt);
