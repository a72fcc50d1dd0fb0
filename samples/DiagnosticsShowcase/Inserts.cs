// Insert call sites: RIVER0039 a type without [JobArgs], RIVER0040 metadata that is not a JSON object,
// RIVER0041 a reserved metadata key, RIVER0042 a unique job on the COPY fast path, RIVER0043 null args,
// RIVER0052 a unique arg path that names no property.
#pragma warning disable RIVER0020 // these kinds are worked by another service
namespace DiagnosticsShowcase.Inserts;

public sealed record NotArgs(string To);

[JobArgs("inserts.plain")]
public sealed record Plain(string To);

[JobArgs("inserts.unique"), UniqueJob(ByArgs = true)]
public sealed record Digest(string To);

public static class InsertCalls
{
    public static async Task EnqueueAsync(RiverClient client, IRiverInserter inserter)
    {
        await inserter.InsertAsync(/*!RIVER0039*/new NotArgs("a@example.com"));
        await inserter.InsertAsync(new Plain("a@example.com"), new InsertOptions { Metadata = /*!RIVER0040*/"tenant=acme" });
        await inserter.InsertAsync(new Plain("a@example.com"), new InsertOptions { Metadata = /*!RIVER0041*/"{\"output\": 1}" });
        await client.InsertManyFastAsync([JobInsertRequest.Create(new Plain("a@example.com")), /*!RIVER0042*/JobInsertRequest.Create(new Digest("b@example.com"))]);
        await inserter.InsertAsync<Plain>(/*!RIVER0043*/null!);
        await inserter.InsertAsync(new Plain("a@example.com"),
            new InsertOptions { UniqueOptions = new UniqueOptions { ByArgs = true, ArgPaths = [/*!RIVER0052*/"Email"] } });
    }
}
