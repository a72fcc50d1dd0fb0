// Flow control: RIVER0053 an invalid limit, RIVER0054 a partition path that names no property.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.FlowControl;

[JobArgs("showcase.flow.export"), ConcurrencyLimit(/*!RIVER0053*/0)]
public sealed record Export(long AccountId);

[JobArgs("showcase.flow.sync"), ConcurrencyLimit(1, PartitionBy = /*!RIVER0054*/"CustomerId")]
public sealed record SyncCustomer(long CustomerId);
