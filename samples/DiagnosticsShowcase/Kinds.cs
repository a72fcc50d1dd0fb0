// Kinds: RIVER0001 (invalid), RIVER0002 (declared twice), RIVER0003 (not lower case).
// Each marker comment sits right before the span its diagnostic must start at.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.Kinds;

[JobArgs(/*!RIVER0001*/"email send")]
public sealed record InvalidKind(string To);

[JobArgs(/*!RIVER0002*/"invoice.create")]
public sealed record CreateInvoice(long OrderId);

[JobArgs(/*!RIVER0002*/"invoice.create")]
public sealed record CreateInvoiceAgain(long OrderId);

[JobArgs(/*!RIVER0003*/"Report.Build")]
public sealed record BuildReport(string Name);
