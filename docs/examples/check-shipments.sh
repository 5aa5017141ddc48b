#!/usr/bin/env bash
# Screen a shipments file; fail on prohibited rows, unresolvable rows or a stale rulebook.
# Usage: check-shipments.sh FILE [MAX_AGE]
set -u
file=${1:?usage: check-shipments.sh FILE [MAX_AGE]}
max_age=${2:-180d}
out=$(mktemp)
mineralctl screen "$file" --fail-on prohibited --max-age "$max_age" -o "$out"
code=$?
case $code in
  0) ;;
  1) echo "BLOCK: prohibited shipments:" >&2; grep -E ',prohibited,' "$out" >&2 ;;
  5) echo "BLOCK: the rulebook is stale; update mineralctl" >&2 ;;
  *) echo "ERROR: the screen could not run (exit $code)" >&2 ;;
esac
# Rows that could not be resolved have an empty status and a message in the last column.
if [ "$code" -eq 0 ] && grep -qE ',,,,[^,]+$' "$out"; then
  echo "BLOCK: rows that could not be resolved:" >&2; grep -E ',,,,[^,]+$' "$out" >&2; code=1
fi
rm -f "$out"
exit "$code"
