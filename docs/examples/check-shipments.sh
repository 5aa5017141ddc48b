#!/usr/bin/env bash
# Screen shipment files and block a release on the exit code alone: a prohibited row (1), a row
# that could not be screened (4), a stale rulebook (5) or a screen that could not run (2, 3, 70).
# The screened rows, each with its status and any error, are kept for the audit trail.
#
# Usage: check-shipments.sh FILE... [mineralctl screen options, e.g. --end-use civil]
# Environment: MAX_AGE (default 180d), SCREENED (default screened.csv, replaced on each run).
set -u
out=${SCREENED:-screened.csv}
mineralctl screen "$@" --fail-on prohibited --max-age "${MAX_AGE:-180d}" -o "$out" --force
code=$?
case $code in
  0) echo "OK: every row screened, none prohibited ($out)" >&2 ;;
  1) echo "BLOCK: prohibited shipments; see the status column of $out" >&2 ;;
  4) echo "BLOCK: rows that could not be screened; see the error column of $out" >&2 ;;
  5) echo "BLOCK: the rulebook is stale; update mineralctl" >&2 ;;
  *) echo "ERROR: the screen could not run (exit $code)" >&2 ;;
esac
exit "$code"
