namespace River.Generators.Parsing;

/// <summary>Metadata names of the River.Runtime types the generator looks for.</summary>
internal static class KnownNames
{
    public const string JobArgsAttribute = "River.JobArgsAttribute";
    public const string UniqueJobAttribute = "River.UniqueJobAttribute";
    public const string PeriodicJobAttribute = "River.PeriodicJobAttribute";
    public const string ConcurrencyLimitAttribute = "River.ConcurrencyLimitAttribute";
    public const string RateLimitAttribute = "River.RateLimitAttribute";
    public const string SequenceAttribute = "River.SequenceAttribute";
    public const string RiverJsonOptionsAttribute = "River.RiverJsonOptionsAttribute";
    public const string RiverJobRegistryAttribute = "River.RiverJobRegistryAttribute";
    public const string Worker = "River.Worker`1";
    public const string BatchWorker = "River.BatchWorker`1";
    public const string BatchSizeAttribute = "River.BatchSizeAttribute";
    public const string ServiceProvider = "System.IServiceProvider";
    public const string ActivatorUtilitiesConstructorAttribute = "Microsoft.Extensions.DependencyInjection.ActivatorUtilitiesConstructorAttribute";
    public const string FromKeyedServicesAttribute = "Microsoft.Extensions.DependencyInjection.FromKeyedServicesAttribute";
}
