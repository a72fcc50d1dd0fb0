#!/usr/bin/env bash
# Builds the DiagnosticsShowcase project (which must fail) and checks that the River diagnostics in the build
# output are exactly the /*!RIVERxxxx*/ markers of its sources: same id, file, line and column (the column just
# after the marker). Prints a line per mismatch and exits non-zero on any.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Expected: file:line:col:id from the markers (ASCII sources, so awk's byte index is the column).
for f in "$here"/*.cs; do
  awk -v file="$(basename "$f")" '{
    line = $0; offset = 0
    while ((i = index(line, "/*!RIVER")) > 0) {
      id = substr(line, i + 3, 9)
      marker_end = i + length("/*!RIVER0000*/")
      print file ":" NR ":" (offset + marker_end) ":" id
      offset += marker_end - 1
      line = substr(line, marker_end)
    }
  }' "$f"
done | sort -u > "$work/expected"

set +e
dotnet build "$here/DiagnosticsShowcase.csproj" -nologo -clp:NoSummary -p:TreatWarningsAsErrors=false > "$work/build.log" 2>&1
status=$?
set -e
if [ "$status" -eq 0 ]; then
  echo "FAIL: the showcase built; it must fail with River errors." >&2
  exit 1
fi

# Actual: "path/File.cs(line,col): error|warning RIVERxxxx: message [project]"
grep -oE '[^/ ]+\.cs\([0-9]+,[0-9]+\): (error|warning|info) RIVER[0-9]{4}' "$work/build.log" \
  | sed -E 's/^(.+)\(([0-9]+),([0-9]+)\): [a-z]+ (RIVER[0-9]{4})$/\1:\2:\3:\4/' | sort -u > "$work/actual" || true

others=$(grep -oE '\): error [A-Z]+[0-9]+' "$work/build.log" | grep -v RIVER | sort | uniq -c || true)
if [ -n "$others" ]; then
  echo "note: other errors in the build (not River's):"; echo "$others"
fi

if diff -u "$work/expected" "$work/actual" > "$work/diff"; then
  echo "OK: $(wc -l < "$work/expected") River diagnostics, each at its marker."
else
  echo "FAIL: River diagnostics differ from the markers (- expected, + actual):" >&2
  tail -n +3 "$work/diff" | grep -E '^[-+]' >&2
  exit 1
fi
