// Flow control: RIVER0053 an invalid limit, RIVER0054 a partition path that names no property.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.FlowControl;

[JobArgs("showcase.flow.export"), ConcurrencyLimit(/*!RIVER0053*/0)]
public sealed record Export(long AccountId);

[JobArgs("showcase.flow.sync"), ConcurrencyLimit(1, PartitionBy = /*!RIVER0054*/"CustomerId")]
public sealed record SyncCustomer(long CustomerId);

// RIVER0053: a sequence whose key fixes the unique key: one step per order would be inserted, the others dropped.
[JobArgs("showcase.flow.step"), /*!RIVER0053*/Sequence(By = "order_id"), UniqueJob(ByArgs = true)]
public sealed record OrderStep([property: UniqueKey] long OrderId, int Step);
