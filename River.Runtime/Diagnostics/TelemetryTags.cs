namespace River.Diagnostics;

/// <summary>Attribute names (OpenTelemetry messaging conventions, <c>river.*</c> otherwise).</summary>
internal static class TelemetryTags
{
    public const string MessagingSystem = "messaging.system";
    public const string MessagingSystemValue = "river";
    public const string OperationType = "messaging.operation.type";
    public const string OperationName = "messaging.operation.name";
    public const string Destination = "messaging.destination.name";
    public const string MessageId = "messaging.message.id";
    public const string BatchCount = "messaging.batch.message_count";
    public const string ErrorType = "error.type";
    public const string Kind = "river.job.kind";
    public const string ScheduleAction = "river.schedule.action";
    public const string FlowScope = "river.flow.scope";
    public const string Attempt = "river.job.attempt";
    public const string State = "river.job.state";
    public const string ClientId = "river.client.id";
    public const string MaintenanceService = "river.maintenance.service";
    public const string MaintenanceAction = "river.maintenance.action";
    public const string ClientEvent = "river.client.event";
    public const string RescueCause = "river.rescue.cause";
}
