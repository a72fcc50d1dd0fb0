#!/usr/bin/env bash
# The analyzers' and the generator's build cost on a project with 500 [JobArgs] types and 500 workers (issue 22).
#
#   bash benchmarks/analyzers/run.sh [rounds=3] [types=500]
#
# Generates the project under a temporary folder (outside the repository, so only the River projects' own settings
# apply), then, for each round, in interleaved order, builds it three ways:
#   none       -p:RiverGenerator=false -p:RiverAnalyzers=false   (the compiler alone)
#   generator  -p:RiverAnalyzers=false                           (River.Generators only)
#   all        (River.Generators and River.Analyzers, as a user's project gets them from the package)
# and times a full rebuild (--no-incremental) and an incremental edit (one property added to one args type in one
# file, then an ordinary build). River's projects are built once first and not rebuilt (BuildProjectReferences=false).
# Prints a line per measurement and the medians; on a shared machine, run it while nothing else builds.
set -euo pipefail
rounds="${1:-3}"
types="${2:-500}"
repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
project="$work/Bench500"
mkdir -p "$project"

cat > "$project/Bench500.csproj" <<XML
<Project Sdk="Microsoft.NET.Sdk">
  <PropertyGroup>
    <TargetFramework>net10.0</TargetFramework>
    <Nullable>enable</Nullable>
    <ImplicitUsings>enable</ImplicitUsings>
    <OutputType>Library</OutputType>
    <RiverGenerator Condition="'\$(RiverGenerator)' == ''">true</RiverGenerator>
    <RiverAnalyzers Condition="'\$(RiverAnalyzers)' == ''">true</RiverAnalyzers>
  </PropertyGroup>
  <ItemGroup>
    <ProjectReference Include="$repo/River.Runtime/River.Runtime.csproj" />
    <ProjectReference Condition="'\$(RiverGenerator)' == 'true'" Include="$repo/River.Generators/River.Generators.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
    <ProjectReference Condition="'\$(RiverAnalyzers)' == 'true'" Include="$repo/River.Analyzers/River.Analyzers.csproj" OutputItemType="Analyzer" ReferenceOutputAssembly="false" />
  </ItemGroup>
</Project>
XML

per_file=10
for ((file = 0; file < types / per_file; file++)); do
  {
    echo "using River;"
    echo "namespace Bench;"
    for ((i = file * per_file; i < (file + 1) * per_file; i++)); do
      cat <<CS
public enum Level$i { Low, High }
public sealed record Nested$i(string Name, List<int> Values, Dictionary<string, Guid> ById);
[JobArgs("bench.job_$i", Queue = "queue_$((i % 7))", Priority = 2, MaxAttempts = 10, Tags = ["bench", "tag_$i"])]
$( ((i % 5 == 0)) && echo "[UniqueJob(ByArgs = true, ByPeriodSeconds = 60)]" )
public sealed record Job$i(string To, int Count, DateTimeOffset At, Level$i Level, Nested$i? Nested, [property: UniqueKey] long AccountId);
public sealed class Worker$i : Worker<Job$i>
{
    public override TimeSpan? Timeout => TimeSpan.FromSeconds($((i % 60 + 1)));
    public override Task WorkAsync(Job<Job$i> job, CancellationToken cancellationToken)
        => job.Attempt > 3 ? throw Snooze(TimeSpan.FromSeconds(5)) : Task.CompletedTask;
}
public static class Enqueue$i
{
    public static Task<InsertResult> One(IRiverInserter inserter, long account)
        => inserter.InsertAsync(new Job$i("a@example.com", 1, DateTimeOffset.UnixEpoch, Level$i.Low, null, account),
            new InsertOptions { Priority = 3, MaxAttempts = 5, Queue = "mail", Tags = ["retry"], Metadata = "{\"tenant\": \"t$i\"}" });
    public static Task<IReadOnlyList<InsertResult>> Many(IRiverInserter inserter)
        => inserter.InsertManyAsync([JobInsertRequest.Create(new Job$i("b@example.com", 2, DateTimeOffset.UnixEpoch, Level$i.High, null, 2))]);
}
CS
    done
  } > "$project/Jobs$file.cs"
done

edit_file="$project/Jobs0.cs"
cp "$edit_file" "$work/Jobs0.original"

build() { # config, extra args...
  local config="$1"; shift
  local flags=()
  case "$config" in
    none) flags=(-p:RiverGenerator=false -p:RiverAnalyzers=false) ;;
    generator) flags=(-p:RiverAnalyzers=false) ;;
    all) flags=() ;;
  esac
  local start end
  start=$(date +%s%N)
  dotnet build "$project/Bench500.csproj" -c Release --no-restore -nologo -v:q -clp:NoSummary -p:BuildProjectReferences=false "${flags[@]}" "$@" > "$work/build.log" 2>&1 \
    || { cat "$work/build.log" >&2; echo "build failed ($config)" >&2; exit 1; }
  end=$(date +%s%N)
  echo $(( (end - start) / 1000000 ))
}

echo "load before: $(uptime)"
dotnet build "$project/Bench500.csproj" -c Release -nologo -v:q -clp:NoSummary > "$work/first.log" 2>&1 || { cat "$work/first.log" >&2; exit 1; }
for config in none generator all; do build "$config" --no-incremental > /dev/null; done # warm: every configuration once

declare -A full incr
for ((round = 1; round <= rounds; round++)); do
  for config in none generator all; do
    cp "$work/Jobs0.original" "$edit_file"
    f=$(build "$config" --no-incremental)
    # The edit: one more property on one args type (a keystroke-sized change that changes the generated code).
    sed -i "0,/long AccountId);/s//long AccountId, int Edit$round = 0);/" "$edit_file"
    i=$(build "$config")
    full[$config]+="$f "
    incr[$config]+="$i "
    echo "round $round $config: full ${f} ms, incremental edit ${i} ms"
  done
done
cp "$work/Jobs0.original" "$edit_file"

median() { tr ' ' '\n' | grep -v '^$' | sort -n | awk '{a[NR]=$1} END {print (NR % 2) ? a[(NR + 1) / 2] : int((a[NR / 2] + a[NR / 2 + 1]) / 2)}'; }
echo "medians of $rounds rounds ($types args types, $types workers):"
for config in none generator all; do
  echo "  $config: full $(echo "${full[$config]}" | median) ms, incremental edit $(echo "${incr[$config]}" | median) ms"
done
echo "load after: $(uptime)"
