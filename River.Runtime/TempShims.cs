#pragma warning disable CS1591
// TEMPORARY: replaced by the algos branch (Uniqueness/, Retries/). Not to be committed.
namespace River
{
    public interface IRetryPolicy { DateTimeOffset NextRetry(JobRow job, DateTimeOffset now); }
    public sealed class DefaultRetryPolicy : IRetryPolicy
    {
        public DateTimeOffset NextRetry(JobRow job, DateTimeOffset now) => now + TimeSpan.FromSeconds(Math.Pow(job.Errors.Count, 4));
    }
}
namespace River.Insertion
{
    internal static class UniqueStateMask { public static byte From(IReadOnlyList<JobState>? s) => 0b1111_0111; }
    internal static class UniqueKey { public static byte[] Compute(string kind, ReadOnlySpan<byte> args, UniqueOpts o, string queue, DateTimeOffset at) => System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(kind + queue + System.Text.Encoding.UTF8.GetString(args))); }
}
