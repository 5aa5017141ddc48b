#!/usr/bin/env bash
# Screen shipment files and block a release on the exit code alone: a row at or above the gate
# (default prohibited) or, with --fail-on-possible-match, a possible end-user match (1), a row
# that could not be screened (4), a stale rulebook file (5) or a screen that could not run
# (2, 3, 70). The screened rows, each with its status and any error, are kept for the audit trail.
#
# Usage: check-shipments.sh FILE... [mineralctl screen options, e.g. --end-use civil]
#   A --fail-on given here replaces the default gate (--fail-on prohibited).
# Environment: MAX_AGE (default 180d), SCREENED (default screened.csv, replaced on each run).
set -u
out=${SCREENED:-screened.csv}
gate=prohibited
default_gate=(--fail-on "$gate")
previous=
for arg in "$@"; do
  case $arg in
    --fail-on=*) gate=${arg#--fail-on=}; default_gate=() ;;
    *) [ "$previous" = --fail-on ] && { gate=$arg; default_gate=(); } ;;
  esac
  previous=$arg
done
[ "$previous" = --fail-on ] && default_gate=()  # the value is missing: mineralctl says so
# The exit code decides; the verdict on stderr only words the message (it is shown as it comes).
messages=$(mktemp) || exit 70
trap 'rm -f "$messages"' EXIT
mineralctl screen "$@" "${default_gate[@]}" --max-age "${MAX_AGE:-180d}" -o "$out" --force 2>"$messages"
code=$?
cat "$messages" >&2
verdict=$(grep '^mineralctl: screen failed' "$messages" || true)
stale=$(grep '^mineralctl: error: .* stale: ' "$messages" || true)
case $code in
  0) echo "OK: every row screened, none at or above $gate ($out)" >&2 ;;
  1)
    case $verdict in *"(--fail-on)"*)
      echo "BLOCK: shipments at or above $gate; see the status column of $out" >&2 ;;
    esac
    case $verdict in *"(--fail-on-possible-match)"*)
      echo "BLOCK: end users that resemble a listed entity; review the end_user_match column of $out" >&2 ;;
    esac ;;
  4) echo "BLOCK: rows that could not be screened; see the error column of $out" >&2 ;;
  5)
    # The error line names each stale file: the packaged ones come with mineralctl; an overlay,
    # rulebook or entity-list file of your own is updated where it is kept.
    named=$(grep -o 'the \(rulebook\|overlay\|entity lists\) (' <<<"$stale" | wc -l)
    packaged=$(grep -o '(packaged)' <<<"$stale" | wc -l)
    if [ "$packaged" -gt 0 ]; then
      echo "BLOCK: mineralctl's packaged data is stale (named above); update mineralctl" >&2
    fi
    if [ "$named" -gt "$packaged" ] || [ "$named" -eq 0 ]; then
      echo "BLOCK: a rulebook file of your own is stale (named above); update that file" >&2
    fi ;;
  *) echo "ERROR: the screen could not run (exit $code)" >&2 ;;
esac
exit "$code"
