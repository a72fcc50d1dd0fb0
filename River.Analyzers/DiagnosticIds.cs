namespace River.Analyzers;

/// <summary>Stable ids of River.Typed diagnostics. Never renumber: users suppress them by id.</summary>
internal static class DiagnosticIds
{
    public const string Prefix = "RIVER";

    // Kinds
    public const string InvalidKind = "RIVER0001";
    public const string DuplicateKind = "RIVER0002";
    public const string KindNotLowerCase = "RIVER0003";

    // Insert options (on [JobArgs] and in InsertOptions / UniqueOptions initializers)
    public const string PriorityOutOfRange = "RIVER0004";
    public const string MaxAttemptsOutOfRange = "RIVER0005";
    public const string InvalidQueue = "RIVER0006";
    public const string InvalidTag = "RIVER0007";
    public const string ZeroMaxAttemptsMeansDefault = "RIVER0050";
    public const string MetadataNotJsonObject = "RIVER0040";
    public const string ReservedMetadataKey = "RIVER0041";

    // Insert call sites (InsertAsync, InsertManyAsync, InsertManyFastAsync, JobInsertRequest.Create)
    public const string InsertedTypeWithoutJobArgs = "RIVER0039";
    public const string UniqueJobOnFastPath = "RIVER0042";
    public const string NullArgs = "RIVER0043";

    // Uniqueness
    public const string UniquePeriodTooShort = "RIVER0008";
    public const string UniqueStatesMissingRequired = "RIVER0009";
    public const string UniqueKeyOnIgnoredProperty = "RIVER0010";
    public const string UniqueByArgsWithoutProperties = "RIVER0011";
    public const string UniqueKeyWithoutUniqueByArgs = "RIVER0036";
    public const string UniqueJobWithoutJobArgs = "RIVER0037";
    public const string UniqueKeyNeverReached = "RIVER0049";
    public const string UniqueArgPathNotFound = "RIVER0052";
    public const string TimeAlwaysInThePast = "RIVER0064";

    // Flow control
    public const string FlowLimitInvalid = "RIVER0053";
    public const string FlowPathNotFound = "RIVER0054";

    // Args type shape and serialization
    public const string ArgsTypeNotConcreteClass = "RIVER0012";
    public const string ArgsTypeOpenGeneric = "RIVER0013";
    public const string ArgsTypeNoUsableConstructor = "RIVER0014";
    public const string UnsupportedPropertyShape = "RIVER0015";
    public const string JsonContextMissingType = "RIVER0016";
    public const string JsonContextNotAContext = "RIVER0017";
    public const string ArgsTypeLayoutUnsupported = "RIVER0022";
    public const string ArgsTypeFileLocal = "RIVER0030";
    public const string PublicFieldNotSerialized = "RIVER0033";
    public const string PropertyNotReadBack = "RIVER0034";
    public const string DateTimeLosesKind = "RIVER0035";
    public const string JsonNameCollision = "RIVER0048";

    // Workers
    public const string WorkerArgsWithoutJobArgs = "RIVER0018";
    public const string DuplicateWorker = "RIVER0019";
    public const string JobArgsWithoutWorker = "RIVER0020";
    public const string NegativeWorkerTimeout = "RIVER0021";
    public const string ZeroWorkerTimeout = "RIVER0044";
    public const string NegativeSnooze = "RIVER0045";
    public const string WorkerNotRegistered = "RIVER0031";
    public const string WorkerBaseNeverRegistered = "RIVER0032";
    public const string WorkerFileLocal = "RIVER0038";

    // Batch workers (BatchWorker<T>, [BatchSize]); 0060 on, clear of the ids other branches add after 0052
    public const string BatchSizeOutOfRange = "RIVER0060";
    public const string BatchWindowOutOfRange = "RIVER0061";
    public const string WorkerAndBatchWorker = "RIVER0062";
    public const string BatchSizeWithoutBatchWorker = "RIVER0063";

    // Workflows built from constants (WorkflowBuilder.Add)
    public const string WorkflowUnknownDependency = "RIVER0065";
    public const string WorkflowSelfDependency = "RIVER0066";

    // Across assemblies (the host and the job libraries it references)
    public const string KindInTwoLibraries = "RIVER0046";
    public const string WorkerInLibraryAndHost = "RIVER0047";

    // Periodic jobs ([PeriodicJob] on an args type)
    public const string InvalidPeriodicSchedule = "RIVER0023";
    public const string PeriodicIntervalTooShort = "RIVER0024";
    public const string UnknownPeriodicTimeZone = "RIVER0025";
    public const string PeriodicJobWithoutJobArgs = "RIVER0026";
    public const string PeriodicJobNotConstructible = "RIVER0027";
    public const string InvalidPeriodicJobId = "RIVER0028";
    public const string DuplicatePeriodicJobId = "RIVER0029";
    public const string TimeZoneOnInterval = "RIVER0051";
}
