#!/usr/bin/env bash
# Regenerates PublicAPI.Unshipped.txt of River.Runtime and River.Testing from the build, after an intended change of
# the public API (or after merging branches that add API). The build fails on any public symbol these files do not
# list (RS0016) and on any listed symbol that is gone (RS0017); this script records both from the build itself:
# One Release build with warnings kept as warnings names every public symbol the files lack (RS0016) and every listed
# symbol that is gone (RS0017), each in the files' exact format (nullable annotations included):
#   - additions go into PublicAPI.Unshipped.txt;
#   - removals are dropped from Unshipped, or, when Shipped lists them, marked *REMOVED* in Unshipped (the analyzer's
#     convention for a shipped symbol that is removed).
# Then it sorts Unshipped (ordinal, "#nullable enable" first). Review the diff: every line is public API.
# Usage: scripts/update-public-api.sh [project ...]   (default: River.Runtime River.Testing)
set -euo pipefail
cd "$(dirname "$0")/.."

projects=("$@")
[ ${#projects[@]} -gt 0 ] || projects=(River.Runtime River.Testing)

for project in "${projects[@]}"; do
  csproj="$project/$project.csproj"
  shipped="$project/PublicAPI.Shipped.txt"
  unshipped="$project/PublicAPI.Unshipped.txt"
  [ -f "$csproj" ] || { echo "error: $csproj not found" >&2; exit 2; }
  for file in "$shipped" "$unshipped"; do
    [ -f "$file" ] || printf '#nullable enable\n' > "$file"
  done
  work=$(mktemp -d)
  trap 'rm -rf "$work"' EXIT

  echo "== $project: building (Release, warnings not errors)"
  dotnet build "$csproj" -c Release --no-incremental -p:TreatWarningsAsErrors=false \
    > "$work/build.log" 2>&1 || true
  { grep -o "RS0017: Symbol '.*' is part of the declared API" "$work/build.log" || true; } \
    | sed -e "s/^RS0017: Symbol '//" -e "s/' is part of the declared API\$//" | LC_ALL=C sort -u > "$work/removed"
  { grep -o "RS0016: Symbol '.*' is not part of the declared public API" "$work/build.log" || true; } \
    | sed -e "s/^RS0016: Symbol '//" -e "s/' is not part of the declared public API\$//" | LC_ALL=C sort -u > "$work/added"
  if grep -q " error " "$work/build.log"; then
    grep " error " "$work/build.log" | grep -v " RS00" | LC_ALL=C sort -u | head -20 >&2 || true
    if grep " error " "$work/build.log" | grep -vq " RS00"; then
      echo "error: $project does not build for another reason; fix that first" >&2
      exit 1
    fi
  fi
  echo "== $project: removed symbols (RS0017)"
  while IFS= read -r symbol; do
    [ -n "$symbol" ] || continue
    if grep -qxF -- "$symbol" "$unshipped"; then
      grep -vxF -- "$symbol" "$unshipped" > "$work/u" || true
      cat "$work/u" > "$unshipped"
      echo "  - $symbol"
    elif grep -qxF -- "$symbol" "$shipped" && ! grep -qxF -- "*REMOVED*$symbol" "$unshipped"; then
      printf '*REMOVED*%s\n' "$symbol" >> "$unshipped"
      echo "  - $symbol (shipped: marked *REMOVED*)"
    fi
  done < "$work/removed"

  echo "== $project: added symbols (RS0016)"
  while IFS= read -r symbol; do
    [ -n "$symbol" ] || continue
    if grep -qxF -- "*REMOVED*$symbol" "$unshipped"; then
      grep -vxF -- "*REMOVED*$symbol" "$unshipped" > "$work/u" || true   # removed, then added back: shipped again
      cat "$work/u" > "$unshipped"
    elif ! grep -qxF -- "$symbol" "$unshipped"; then
      printf '%s\n' "$symbol" >> "$unshipped"
    fi
    echo "  + $symbol"
  done < "$work/added"

  { echo '#nullable enable'; grep -vx '#nullable enable' "$unshipped" | grep -v '^$' | LC_ALL=C sort -u; } > "$work/sorted"
  cat "$work/sorted" > "$unshipped"
  rm -rf "$work"
  trap - EXIT
done
echo "Done: review git diff -- '*/PublicAPI.*.txt', then build (warnings are errors)."
