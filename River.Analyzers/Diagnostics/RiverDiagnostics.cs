using Microsoft.CodeAnalysis;

namespace River.Analyzers.Diagnostics;

/// <summary>
/// Every River.Typed diagnostic descriptor. Ids are in <see cref="DiagnosticIds"/>; each has a page under
/// <c>docs/diagnostics/</c> that <see cref="HelpLink"/> points to.
/// </summary>
internal static class RiverDiagnostics
{
    /// <summary>
    /// The help link of a diagnostic: its page under <c>docs/diagnostics/</c> at <see cref="RiverRepository.Url"/>,
    /// generated at build time from the <c>RiverRepositoryUrl</c> property of Directory.Build.props, which the package
    /// metadata (PackageProjectUrl, RepositoryUrl) uses too. No link (null) while that address is empty: a help link
    /// must lead to a real page.
    /// </summary>
    public static string? HelpLink(string id) =>
        RiverRepository.Url.Length == 0 ? null : RiverRepository.Url + "/blob/main/docs/diagnostics/" + id + ".md";

    public static readonly DiagnosticDescriptor InvalidKind = Error(
        DiagnosticIds.InvalidKind, DiagnosticCategories.Kinds,
        "Job kind is invalid",
        "Invalid job kind: {0}",
        "A kind is stored in river_job.kind: " + JobOptionRules.KindRule + ". River rejects any other kind.");

    public static readonly DiagnosticDescriptor DuplicateKind = Error(
        DiagnosticIds.DuplicateKind, DiagnosticCategories.Kinds,
        "Job kind is declared twice",
        "Job kind \"{0}\" is declared by both '{1}' and '{2}'",
        "Each kind names exactly one args type, in the compilation and in every referenced assembly; registering the second one throws at start-up.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor KindNotLowerCase = Warning(
        DiagnosticIds.KindNotLowerCase, DiagnosticCategories.Kinds,
        "Job kind is not lower case",
        "Job kind \"{0}\" has upper-case letters; kinds are lower case by convention (\"{1}\")",
        "Kinds are compared exactly, so \"Email.Send\" and \"email.send\" are two kinds; River's ecosystem writes them in lower case.");

    public static readonly DiagnosticDescriptor PriorityOutOfRange = Error(
        DiagnosticIds.PriorityOutOfRange, DiagnosticCategories.InsertOptions,
        "Priority is outside 1..4",
        "Priority {0} is outside 1..4",
        "river_job.priority has a check constraint 1..4; on [JobArgs] 0 means unset.");

    public static readonly DiagnosticDescriptor MaxAttemptsOutOfRange = Error(
        DiagnosticIds.MaxAttemptsOutOfRange, DiagnosticCategories.InsertOptions,
        "MaxAttempts is outside 1..32767",
        "MaxAttempts {0} is outside 1..32767",
        "river_job.max_attempts is a smallint that must be positive; on [JobArgs] 0 means unset.");

    public static readonly DiagnosticDescriptor InvalidQueue = Error(
        DiagnosticIds.InvalidQueue, DiagnosticCategories.InsertOptions,
        "Queue name is invalid",
        "Invalid queue: {0}",
        "A queue name is " + JobOptionRules.QueueRule + "; River rejects any other name.");

    public static readonly DiagnosticDescriptor InvalidTag = Error(
        DiagnosticIds.InvalidTag, DiagnosticCategories.InsertOptions,
        "Tag is invalid",
        "Invalid tag: {0}",
        "A tag is " + JobOptionRules.TagRule + "; River rejects any other tag.");

    public static readonly DiagnosticDescriptor UniquePeriodTooShort = Error(
        DiagnosticIds.UniquePeriodTooShort, DiagnosticCategories.Uniqueness,
        "Unique period is below one second",
        "Unique period {0} is below one second",
        "The unique period truncates the scheduled time to a whole multiple of the period; River requires at least one second.");

    public static readonly DiagnosticDescriptor UniqueStatesMissingRequired = Error(
        DiagnosticIds.UniqueStatesMissingRequired, DiagnosticCategories.Uniqueness,
        "Unique state set misses a required state",
        "Unique state set is missing the required state(s) {0}",
        "A unique state set must contain Available, Pending, Running and Scheduled; River refuses any other set.");

    public static readonly DiagnosticDescriptor UniqueKeyOnIgnoredProperty = Warning(
        DiagnosticIds.UniqueKeyOnIgnoredProperty, DiagnosticCategories.Uniqueness,
        "[UniqueKey] on a property ignored for JSON",
        "Property '{0}' is marked [UniqueKey] but is ignored for JSON, so it never takes part in the unique key",
        "The unique key is computed from the encoded args; a property that is not written is not in it.");

    public static readonly DiagnosticDescriptor UniqueByArgsWithoutProperties = Warning(
        DiagnosticIds.UniqueByArgsWithoutProperties, DiagnosticCategories.Uniqueness,
        "Unique by args without a serialized property",
        "'{0}' is unique by args but has no serialized property, so all its jobs share one key",
        "ByArgs hashes the encoded args; with no property written every job of the kind gets the same key.");

    public static readonly DiagnosticDescriptor UniqueKeyWithoutUniqueByArgs = Warning(
        DiagnosticIds.UniqueKeyWithoutUniqueByArgs, DiagnosticCategories.Uniqueness,
        "[UniqueKey] without unique by args",
        "[UniqueKey] on '{0}' does nothing: '{1}' {2}; add [UniqueJob(ByArgs = true)] or remove the attribute",
        "[UniqueKey] chooses which properties the unique key hashes when a job is unique by args. Without [UniqueJob(ByArgs = true)] on the type the args are not part of the key and the marks are ignored.");

    public static readonly DiagnosticDescriptor UniqueJobWithoutJobArgs = Warning(
        DiagnosticIds.UniqueJobWithoutJobArgs, DiagnosticCategories.Uniqueness,
        "[UniqueJob] on a type without [JobArgs]",
        "'{0}' has [UniqueJob] but no [JobArgs(\"kind\")], so the attribute does nothing",
        "The generator reads [UniqueJob] only on [JobArgs] types, whose definitions carry the unique options; on any other type it is ignored.");

    public static readonly DiagnosticDescriptor ArgsTypeNotConcreteClass = Error(
        DiagnosticIds.ArgsTypeNotConcreteClass, DiagnosticCategories.Serialization,
        "Job args type must be a concrete class or record",
        "Job args type '{0}' cannot be used: {1}",
        "The generated reader creates args instances, and the generated registry names the type: it must be a non-abstract, non-static class or record that its assembly can access.");

    public static readonly DiagnosticDescriptor ArgsTypeFileLocal = Error(
        DiagnosticIds.ArgsTypeFileLocal, DiagnosticCategories.Serialization,
        "Job args type is file-local",
        "Job args type '{0}' is file-local; generated code in other files cannot name it, so it gets no job definition",
        "The generated registry and serializer are separate files of the same assembly and name the args type; a file-local type is invisible to them. The generator skips the type; make it internal or public.");

    public static readonly DiagnosticDescriptor ArgsTypeOpenGeneric = Error(
        DiagnosticIds.ArgsTypeOpenGeneric, DiagnosticCategories.Serialization,
        "Job args type is an open generic type",
        "Job args type '{0}' is generic; a kind needs one closed type",
        "A kind maps to exactly one type, and the generator emits a serializer per type; declare a non-generic type per kind.");

    public static readonly DiagnosticDescriptor ArgsTypeNoUsableConstructor = Error(
        DiagnosticIds.ArgsTypeNoUsableConstructor, DiagnosticCategories.Serialization,
        "Job args type has no usable constructor",
        "Job args type '{0}' has no usable constructor: {1}",
        "The generated reader picks the constructor System.Text.Json would (the one marked [JsonConstructor], else the public parameterless one, else the only public one) and needs each of its parameters to match a public property by name and type. With a JsonSerializerContext named, the context reads the type instead.");

    public static readonly DiagnosticDescriptor UnsupportedPropertyShape = Error(
        DiagnosticIds.UnsupportedPropertyShape, DiagnosticCategories.Serialization,
        "Property shape is not supported by the generated serializer",
        "Property '{0}' of '{1}' has type '{2}', which the generated serializer cannot handle ({3}); name a JsonSerializerContext with [JobArgs(JsonContext = typeof(...))] or [assembly: RiverJsonOptions(Context = typeof(...))]",
        "The generated serializer handles primitives, string, Guid, date and time types, enums, nullable values, arrays, lists, string-keyed dictionaries and nested types of the same rules. Anything else needs a System.Text.Json context.");

    public static readonly DiagnosticDescriptor JsonContextMissingType = Error(
        DiagnosticIds.JsonContextMissingType, DiagnosticCategories.Serialization,
        "JSON context does not list the args type",
        "JsonSerializerContext '{0}' does not list '{1}'; add [JsonSerializable(typeof({1}))] to it",
        "The generated code asks the named context for the type's JsonTypeInfo; a context that does not list the type fails at run time.");

    public static readonly DiagnosticDescriptor JsonContextNotAContext = Error(
        DiagnosticIds.JsonContextNotAContext, DiagnosticCategories.Serialization,
        "JSON context is not a JsonSerializerContext",
        "'{0}', named as a JSON context, does not derive from System.Text.Json.Serialization.JsonSerializerContext",
        "JsonContext and RiverJsonOptions.Context must name a class deriving from JsonSerializerContext.");

    public static readonly DiagnosticDescriptor ArgsTypeLayoutUnsupported = Error(
        DiagnosticIds.ArgsTypeLayoutUnsupported, DiagnosticCategories.Serialization,
        "Job args type is not supported by the generated serializer",
        "Job args type '{0}' cannot be serialized by the generated code: {1}; name a JsonSerializerContext with [JobArgs(JsonContext = typeof(...))] or [assembly: RiverJsonOptions(Context = typeof(...))]",
        "Some System.Text.Json features change how a whole type is written ([JsonExtensionData], [JsonPolymorphic], [JsonConverter] on the type, [JsonInclude] fields, collections used as args...). The generated serializer does not reproduce them: such a type needs a System.Text.Json context.");

    public static readonly DiagnosticDescriptor PublicFieldNotSerialized = Warning(
        DiagnosticIds.PublicFieldNotSerialized, DiagnosticCategories.Serialization,
        "Public field of an args type is not serialized",
        "Public field '{0}' of '{1}' is neither written nor read, so its value is lost; make it a property",
        "System.Text.Json, and the generated serializer that matches it, serialize public properties only (IncludeFields is off): a public field is stored as if it did not exist and reads back as its default.");

    public static readonly DiagnosticDescriptor PropertyNotReadBack = Warning(
        DiagnosticIds.PropertyNotReadBack, DiagnosticCategories.Serialization,
        "Property is written but not read back",
        "Property '{0}' of '{1}' is written to the job's JSON but cannot be read back (no public set or init accessor and no constructor parameter of its name); add 'init' or a constructor parameter",
        "The reader sets a property through a public setter or init accessor or the deserialization constructor; an auto-property with none of these reads back as whatever construction leaves in it, so the value stored is lost when the job is worked. Computed properties (with a body) are not reported.");

    public static readonly DiagnosticDescriptor DateTimeLosesKind = Warning(
        DiagnosticIds.DateTimeLosesKind, DiagnosticCategories.Serialization,
        "DateTime in args loses its kind",
        "Property '{0}' of '{1}' is a DateTime: an Unspecified value is stored without an offset, a Local one is read back converted to the worker's time zone; use DateTimeOffset",
        "A DateTime carries its Kind, not a zone. Written as JSON it is ISO 8601 with Z (Utc), with the writing machine's offset (Local) or without any offset (Unspecified); read back, the worker may run on a machine in another zone. DateTimeOffset keeps the instant and the offset.");

    public static readonly DiagnosticDescriptor WorkerArgsWithoutJobArgs = Warning(
        DiagnosticIds.WorkerArgsWithoutJobArgs, DiagnosticCategories.Workers,
        "Worker's args type has no [JobArgs]",
        "Worker '{0}' works '{1}', which has no [JobArgs(\"kind\")] attribute, so the generated registration skips it",
        "The generated registration needs the args type's kind and serializer, which only exist for [JobArgs] types: it skips such a worker. Suppress the warning when the worker is registered by hand with a hand-written JobDefinition.");

    public static readonly DiagnosticDescriptor DuplicateWorker = Error(
        DiagnosticIds.DuplicateWorker, DiagnosticCategories.Workers,
        "Args type has two workers",
        "'{0}' has more than one worker: '{1}' and '{2}'",
        "A kind has exactly one worker; registering a second one throws at start-up.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor JobArgsWithoutWorker = new(
        DiagnosticIds.JobArgsWithoutWorker,
        "Job args type has no worker",
        "Job args '{0}' (kind \"{1}\") has no worker in this project, which hosts workers",
        DiagnosticCategories.Workers,
        DiagnosticSeverity.Info,
        isEnabledByDefault: true,
        description: "Jobs of a kind without a worker stay available until a process that works them runs. Fine when another service works them; otherwise add a worker.",
        helpLinkUri: HelpLink(DiagnosticIds.JobArgsWithoutWorker),
        customTags: WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor NegativeWorkerTimeout = Error(
        DiagnosticIds.NegativeWorkerTimeout, DiagnosticCategories.Workers,
        "Worker timeout is negative",
        "Timeout of '{0}' is negative ({1}); return null for the client default or Timeout.InfiniteTimeSpan for none",
        "A negative timeout other than Timeout.InfiniteTimeSpan is rejected when the job runs.");

    public static readonly DiagnosticDescriptor WorkerNotRegistered = Warning(
        DiagnosticIds.WorkerNotRegistered, DiagnosticCategories.Workers,
        "Worker is not registered",
        "Worker '{0}' is not registered by the generated AddRiverJobsFromThisAssembly(): {1}",
        "The generated registration creates each worker with its one public constructor, or the one public [ActivatorUtilitiesConstructor] among several; it needs a non-abstract, non-generic class that generated code can name, parameters passed by value and constant [FromKeyedServices] keys. It leaves any other worker out, and the jobs of its kind then fail with UnknownJobKindException and retry. Abstract and generic workers are RIVER0032.");

    public static readonly DiagnosticDescriptor WorkerFileLocal = Warning(
        DiagnosticIds.WorkerFileLocal, DiagnosticCategories.Workers,
        "Worker is file-local",
        "Worker '{0}' is file-local; the generated AddRiverJobsFromThisAssembly() in another file cannot name it, so it is not registered",
        "The generated registration is a file of its own and names each worker class; a file-local class is invisible to it. The generator leaves the worker out, and the jobs of its kind then fail with UnknownJobKindException and retry. Make the class internal (or public).");

    public static readonly DiagnosticDescriptor WorkerBaseNeverRegistered = Warning(
        DiagnosticIds.WorkerBaseNeverRegistered, DiagnosticCategories.Workers,
        "Abstract or generic worker is never registered",
        "Worker '{0}' is never registered by the generated AddRiverJobsFromThisAssembly(): {1}",
        "The generated registration registers only non-abstract, non-generic workers. An abstract or generic class deriving from Worker<T> for a [JobArgs] type is reported when no such class of the project derives from it: the jobs of its kind would fail with UnknownJobKindException and retry. Suppress it for a base class meant for other projects.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor JsonNameCollision = Warning(
        DiagnosticIds.JsonNameCollision, DiagnosticCategories.Serialization,
        "Two properties are written under one JSON name",
        "Properties '{0}' and '{1}' of '{2}' are both written as \"{3}\"{4}; reading the args back gives the value to one of them and the other's is lost",
        "The generated serializer names each property with its [JsonPropertyName] or the assembly's naming policy ([assembly: RiverJsonOptions(NamingPolicy = …)]). Two properties with one name are both written, and on reading the first matching property takes the value: the other keeps its default. Rename one property or give it its own [JsonPropertyName].");

    public static readonly DiagnosticDescriptor UniqueKeyNeverReached = Warning(
        DiagnosticIds.UniqueKeyNeverReached, DiagnosticCategories.Uniqueness,
        "[UniqueKey] is never part of the unique key",
        "[UniqueKey] on '{0}' is never part of the unique key: {1}",
        "The unique key takes the [UniqueKey] properties of the args type and of objects nested in it, by JSON path. A static property is not serialized, and a property of a list's, array's or dictionary's element type has no path: neither makes jobs distinct, so jobs that differ only there are duplicates.");

    public static readonly DiagnosticDescriptor ZeroMaxAttemptsMeansDefault = Warning(
        DiagnosticIds.ZeroMaxAttemptsMeansDefault, DiagnosticCategories.InsertOptions,
        "MaxAttempts = 0 on [JobArgs] means the default",
        "MaxAttempts = 0 on [JobArgs] means unset, so the jobs get the client's MaxAttempts (25 unless configured), not zero attempts; remove the argument, or write 1 for a single attempt without retries",
        "On the attribute 0 stands for \"not set\" (attribute arguments cannot be null), and a job always has at least one attempt. Written explicitly, it reads as \"no attempts\" or \"no retries\" and silently means the default.");

    public static readonly DiagnosticDescriptor TimeZoneOnInterval = Warning(
        DiagnosticIds.TimeZoneOnInterval, DiagnosticCategories.Periodic,
        "TimeZone on an @every schedule does nothing",
        "TimeZone \"{0}\" does nothing on the interval schedule \"{1}\": an @every schedule is a fixed interval between runs, whatever the zone; remove TimeZone, or use a cron expression to run at wall-clock times in that zone",
        "Only cron expressions are read on a zone's wall clock; an interval is a duration, so the zone is ignored.");

    public static readonly DiagnosticDescriptor UniqueArgPathNotFound = Warning(
        DiagnosticIds.UniqueArgPathNotFound, DiagnosticCategories.Uniqueness,
        "Unique arg path names no property of the args type",
        "Unique arg path \"{0}\" finds nothing: {1}; the unique key skips it, so it makes no job distinct",
        "UniqueOptions.ArgPaths are JSON property paths (JSON names separated by '.') into the encoded args. The unique key skips a path it does not find; when no path is found, every job of the kind gets the same key and all but the first are duplicates.");

    public static readonly DiagnosticDescriptor FlowLimitInvalid = Error(
        DiagnosticIds.FlowLimitInvalid, DiagnosticCategories.FlowControl,
        "Flow control declaration is invalid",
        "{0}",
        "[ConcurrencyLimit], [RateLimit] and [Sequence] are checked by the rules the runtime applies when a client is built (FlowRules): a concurrency limit of at least 1, a rate of at least 1 start over a period from 1 ms to 31 days, one partition path per kind, a sequence that can hold more than one job. A client with a kind that breaks them throws RiverConfigurationException.");

    public static readonly DiagnosticDescriptor FlowPathNotFound = Error(
        DiagnosticIds.FlowPathNotFound, DiagnosticCategories.FlowControl,
        "Flow control path names no property of the args type",
        "{0} path \"{1}\" finds nothing: {2}; every job would fall in the same partition or sequence",
        "PartitionBy and Sequence.By are JSON property paths (JSON names separated by '.') into the encoded args, read by the fetch. A path that finds nothing gives every job the same (empty) value: a per-customer limit becomes one limit for all customers, a per-order sequence one sequence for all orders.");

    public static readonly DiagnosticDescriptor InsertedTypeWithoutJobArgs = Warning(
        DiagnosticIds.InsertedTypeWithoutJobArgs, DiagnosticCategories.InsertCalls,
        "Inserted type has no [JobArgs]",
        "'{0}' has no [JobArgs(\"kind\")] attribute, so inserting it throws InvalidOperationException: no job definition is registered for it",
        "InsertAsync, InsertManyAsync, InsertManyFastAsync (through JobInsertRequest.Create) and IRiverInserter find the kind and serializer of the args type in the definition the generator emits for a [JobArgs] type. Mark the type [JobArgs(\"kind\")]; suppress the warning when a hand-written JobDefinition<T> is registered with JobDefinition.Register.");

    public static readonly DiagnosticDescriptor NullArgs = Error(
        DiagnosticIds.NullArgs, DiagnosticCategories.InsertCalls,
        "Job args are null",
        "The job args passed to {0} are null, which throws ArgumentNullException; pass an instance of the args type",
        "Every insert serializes its args: null args are refused before anything is written.");

    public static readonly DiagnosticDescriptor UniqueJobOnFastPath = Error(
        DiagnosticIds.UniqueJobOnFastPath, DiagnosticCategories.InsertCalls,
        "Unique job passed to the COPY fast path",
        "'{0}' is unique ({1}), and InsertManyFastAsync refuses unique jobs with ArgumentException; insert it with InsertManyAsync",
        "InsertManyFastAsync writes with binary COPY, which cannot skip a duplicate, so it refuses every unique job (a [UniqueJob] args type, or InsertOptions.UniqueOptions set) and writes nothing.");

    public static readonly DiagnosticDescriptor MetadataNotJsonObject = Error(
        DiagnosticIds.MetadataNotJsonObject, DiagnosticCategories.InsertOptions,
        "Metadata is not a JSON object",
        "InsertOptions.Metadata must be a JSON object: {0}",
        "The metadata is stored in river_job.metadata (jsonb) and merged by River as an object; the insert throws ArgumentException for any other text.");

    public static readonly DiagnosticDescriptor ReservedMetadataKey = Error(
        DiagnosticIds.ReservedMetadataKey, DiagnosticCategories.InsertOptions,
        "Metadata sets a key River reserves",
        "{0}",
        "River writes these metadata keys itself (snoozes, output, rescue count, periodic ids, trace context and the like); the insert throws ArgumentException when user metadata sets one.");

    public static readonly DiagnosticDescriptor ZeroWorkerTimeout = Error(
        DiagnosticIds.ZeroWorkerTimeout, DiagnosticCategories.Workers,
        "Worker timeout is zero",
        "Timeout of '{0}' is zero, so every attempt is cancelled as soon as it starts; return a positive duration, null for the client default or Timeout.InfiniteTimeSpan for none",
        "The executor arms the attempt's cancellation with the timeout: a zero timeout cancels the token before the worker runs, and every attempt fails.");

    public static readonly DiagnosticDescriptor NegativeSnooze = Error(
        DiagnosticIds.NegativeSnooze, DiagnosticCategories.Workers,
        "Snooze delay is negative",
        "Snooze delay {0} is negative, so creating the JobSnoozeException throws ArgumentOutOfRangeException and the attempt fails instead of snoozing; use TimeSpan.Zero to run again at once",
        "JobSnoozeException (and Worker<T>.Snooze) refuses a negative delay.");

    public static readonly DiagnosticDescriptor TimeAlwaysInThePast = Warning(
        DiagnosticIds.TimeAlwaysInThePast, DiagnosticCategories.InsertOptions,
        "Time is always in the past",
        "{0} is {1}, a time that has always passed: {2}",
        "A constant time before any real clock reading (MinValue, the Unix epoch, default) is almost always a placeholder left in the code.");
    public static readonly DiagnosticDescriptor WorkflowUnknownDependency = Error(
        DiagnosticIds.WorkflowUnknownDependency, DiagnosticCategories.Workflows,
        "Workflow dependency names no task of the workflow",
        "{0}",
        "InsertWorkflowAsync refuses a workflow whose task depends on a name that no task of the same workflow has (ArgumentException); nothing is inserted.");
    public static readonly DiagnosticDescriptor WorkflowSelfDependency = Error(
        DiagnosticIds.WorkflowSelfDependency, DiagnosticCategories.Workflows,
        "Workflow task depends on itself",
        "{0}",
        "A task that waits for itself would never run; InsertWorkflowAsync refuses the workflow (ArgumentException).");
    public static readonly DiagnosticDescriptor BatchSizeOutOfRange = Error(
        DiagnosticIds.BatchSizeOutOfRange, DiagnosticCategories.Workers,
        "Batch size is out of range",
        "{0} (batch worker '{1}'); [BatchSize] takes 1 to 1000 jobs",
        "A batch worker receives 1 to 1,000 jobs per call (BatchRules.MaxSizeLimit): every outcome of a call must fit in one completer write. Registering a size outside the range throws ArgumentOutOfRangeException at start-up.");

    public static readonly DiagnosticDescriptor BatchWindowOutOfRange = Error(
        DiagnosticIds.BatchWindowOutOfRange, DiagnosticCategories.Workers,
        "Batch collection window is out of range",
        "{0} (batch worker '{1}'); CollectionWindowMilliseconds takes 0 to 60000",
        "Jobs waiting for their batch are already fetched and hold worker slots, so the window is at most 60 s (BatchRules.CollectionWindowLimitMilliseconds). Registering a window outside the range throws ArgumentOutOfRangeException at start-up.");

    public static readonly DiagnosticDescriptor WorkerAndBatchWorker = Error(
        DiagnosticIds.WorkerAndBatchWorker, DiagnosticCategories.Workers,
        "Kind has both a Worker<T> and a BatchWorker<T>",
        "'{0}' (kind '{1}') has both a Worker<T> ('{2}') and a BatchWorker<T> ('{3}'); keep one",
        "A kind is worked either one job at a time or in batches: registering a second worker for it throws at start-up, and the generated registration keeps only the first by type name.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor BatchSizeWithoutBatchWorker = Warning(
        DiagnosticIds.BatchSizeWithoutBatchWorker, DiagnosticCategories.Workers,
        "[BatchSize] on a class that is not a batch worker",
        "[BatchSize] on '{0}' has no effect: it is not a BatchWorker<T>; derive from BatchWorker<T> or remove the attribute",
        "Only the registration of a BatchWorker<T> reads [BatchSize]; on any other class it is ignored.");

    public static readonly DiagnosticDescriptor KindInTwoLibraries = Error(
        DiagnosticIds.KindInTwoLibraries, DiagnosticCategories.Kinds,
        "Job kind is declared by two referenced job libraries",
        "Job kind \"{0}\" is declared by both {1} and {2}, so AddRiverJobsFromThisAssembly() throws at start-up",
        "The generated AddRiverJobsFromThisAssembly() registers the kinds of every referenced assembly that carries [assembly: RiverJobRegistry]; a kind must name one args type. Rename one kind, or reference one of the libraries only.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor WorkerInLibraryAndHost = Error(
        DiagnosticIds.WorkerInLibraryAndHost, DiagnosticCategories.Workers,
        "Args type has a worker in a referenced job library too",
        "'{0}' (kind \"{1}\") is worked by both {2} and {3}, so AddRiverJobsFromThisAssembly() throws at start-up: a kind has one worker",
        "The generated AddRiverJobsFromThisAssembly() registers the workers of this assembly and of every referenced assembly that carries [assembly: RiverJobRegistry]. Keep one of the workers.",
        WellKnownDiagnosticTags.CompilationEnd);

    public static readonly DiagnosticDescriptor InvalidPeriodicSchedule = Error(
        DiagnosticIds.InvalidPeriodicSchedule, DiagnosticCategories.Periodic,
        "Periodic schedule is invalid",
        "Periodic schedule \"{0}\" is invalid: {1}",
        "The schedule of [PeriodicJob] is read at start-up by PeriodicSchedules.Parse, the same parser this rule runs: a cron expression (5 fields, or 6 with leading seconds) or \"@every <duration>\". A text it refuses makes the generated registration throw.");

    public static readonly DiagnosticDescriptor PeriodicIntervalTooShort = Error(
        DiagnosticIds.PeriodicIntervalTooShort, DiagnosticCategories.Periodic,
        "Periodic interval is below one second",
        "Periodic interval \"{0}\" is below the minimum of 1 second",
        "An @every interval must be at least one second (IntervalSchedule.MinInterval); a shorter one makes the generated registration throw.");

    public static readonly DiagnosticDescriptor UnknownPeriodicTimeZone = Warning(
        DiagnosticIds.UnknownPeriodicTimeZone, DiagnosticCategories.Periodic,
        "Time zone is not known on the build machine",
        "Time zone \"{0}\" is not known on the machine that builds this project; if the machine that runs it does not know it either, registering the periodic job throws",
        "The zone is looked up with TimeZoneInfo.FindSystemTimeZoneById when the periodic job is registered, on the machine that runs it. The analyzer can only ask the build machine, whose time zone data may differ, so this is a warning; it is reported only when the build machine knows both IANA and Windows zone ids.");

    public static readonly DiagnosticDescriptor PeriodicJobWithoutJobArgs = Error(
        DiagnosticIds.PeriodicJobWithoutJobArgs, DiagnosticCategories.Periodic,
        "[PeriodicJob] type has no [JobArgs]",
        "'{0}' has [PeriodicJob] but no [JobArgs(\"kind\")], so no periodic job is registered for it",
        "The generated registration inserts the args type of each periodic job; only [JobArgs] types have a kind and a serializer, so [PeriodicJob] on any other type does nothing.");

    public static readonly DiagnosticDescriptor PeriodicJobNotConstructible = Error(
        DiagnosticIds.PeriodicJobNotConstructible, DiagnosticCategories.Periodic,
        "[PeriodicJob] type cannot be created without arguments",
        "'{0}' has [PeriodicJob] but the generated registration cannot create it with new {0}(): {1}; register the periodic job by hand with PeriodicJob.Create instead",
        "Each firing inserts new T(): the type needs a public or internal constructor whose parameters all have default values (a parameterless constructor, or a positional record whose parameters all have defaults); when several qualify, C# must prefer one (a parameterless one wins); that constructor must not be [Obsolete] as an error and must set every required member ([SetsRequiredMembers]). The generator skips any other type.");

    public static readonly DiagnosticDescriptor InvalidPeriodicJobId = Error(
        DiagnosticIds.InvalidPeriodicJobId, DiagnosticCategories.Periodic,
        "Periodic job id is invalid",
        "Invalid periodic job id: {0}",
        "A periodic job id follows River's kind pattern: 2 to 127 characters, an ASCII letter, digit or _ first, then also - [ ] < > / . · : +. Registering another id throws.");

    public static readonly DiagnosticDescriptor DuplicatePeriodicJobId = Error(
        DiagnosticIds.DuplicatePeriodicJobId, DiagnosticCategories.Periodic,
        "Periodic job id is declared twice",
        "Periodic job id \"{0}\" is used by both '{1}' and '{2}'",
        "Periodic job ids are unique within a client (the id of a [PeriodicJob] is its Id, else the type's kind); registering the second one throws at start-up.",
        WellKnownDiagnosticTags.CompilationEnd);

    private static DiagnosticDescriptor Error(string id, string category, string title, string message, string description, params string[] tags)
        => new(id, title, message, category, DiagnosticSeverity.Error, isEnabledByDefault: true, description, HelpLink(id), tags);

    private static DiagnosticDescriptor Warning(string id, string category, string title, string message, string description, params string[] tags)
        => new(id, title, message, category, DiagnosticSeverity.Warning, isEnabledByDefault: true, description, HelpLink(id), tags);
}
