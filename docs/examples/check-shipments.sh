#!/usr/bin/env bash
# Screen shipment files and block a release on the exit code alone: a row at or above the gate
# (default prohibited) or, with --fail-on-possible-match, a possible end-user match (1), a row
# that could not be screened (4), a stale rulebook file (5) or a screen that could not run
# (2, 3, 70). The screened rows, each with its status and any error, are kept for the audit trail.
#
# Usage: check-shipments.sh FILE... [mineralctl screen options, e.g. --end-use civil]
#   A --fail-on given here replaces the default gate (--fail-on prohibited), a --max-age the
#   MAX_AGE default, and -o/--output FILE the SCREENED default; --force is always given (the
#   output is replaced on each run), so one given here is dropped. -o - is refused: the rows are
#   kept in a file.
# Environment: MAX_AGE (default 180d), SCREENED (default screened.csv, replaced on each run).
set -u
out=${SCREENED:-screened.csv}
max_age=${MAX_AGE:-180d}
gate=prohibited
default_gate=(--fail-on "$gate")
args=()
wants=  # the option whose value comes next
for arg in "$@"; do
  case $wants in
    --max-age) max_age=$arg; wants=; continue ;;
    --output) out=$arg; wants=; continue ;;
    --fail-on) gate=$arg; default_gate=(); wants= ;;
  esac
  case $arg in
    --max-age) wants=--max-age ;;
    --max-age=*) max_age=${arg#--max-age=} ;;
    -o | --output) wants=--output ;;
    --output=*) out=${arg#--output=} ;;
    -o?*) out=${arg#-o} ;;
    --force) ;;
    --fail-on) wants=--fail-on; args+=("$arg") ;;
    --fail-on=*) gate=${arg#--fail-on=}; default_gate=(); args+=("$arg") ;;
    *) args+=("$arg") ;;
  esac
done
case $wants in
  --max-age | --output)
    echo "ERROR: $wants needs a value" >&2
    exit 2 ;;
  --fail-on) default_gate=() ;;  # the value is missing: mineralctl says so
esac
if [ "$out" = - ] || [ -z "$out" ]; then
  echo "ERROR: -o/--output must name a file: the screened rows are kept for the audit trail" >&2
  exit 2
fi
# The exit code decides; the verdict on stderr only words the message (it is shown as it comes).
messages=$(mktemp) || exit 70
trap 'rm -f "$messages"' EXIT
mineralctl screen "${args[@]}" "${default_gate[@]}" --max-age "$max_age" -o "$out" --force 2>"$messages"
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
