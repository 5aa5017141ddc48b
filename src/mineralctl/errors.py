"""The exceptions mineralctl raises, each with the exit code the CLI turns it into.

Exit codes (also in the README and ``mineralctl --help``):

==  ==========================================================================
0   answered
1   a gate tripped (``--fail-on``): a finding, not a failure
2   usage error: bad option, bad or ambiguous date or duration, unknown format or end use,
    unreadable input file
3   rulebook missing, unreadable or invalid
4   unknown material, destination or HS code; ``screen``: a row could not be read or resolved
5   the rulebook is older than ``--max-age`` allows
70  internal error (a bug): one line, ``--debug`` shows the traceback
141 any command: the reader of its output went away (``| head``); 128 + SIGPIPE, as for other tools
==  ==========================================================================
"""

from __future__ import annotations

EXIT_OK = 0
EXIT_GATE = 1
EXIT_USAGE = 2
EXIT_RULEBOOK = 3
EXIT_NOT_FOUND = 4
EXIT_STALE = 5
EXIT_INTERNAL = 70
EXIT_PIPE = 141


class MineralctlError(Exception):
    """Base class: a problem the user can act on, reported as one line."""

    exit_code = EXIT_INTERNAL


class UsageError(MineralctlError, ValueError):
    """Bad command-line input: an option value, a date, a duration, an input file."""

    exit_code = EXIT_USAGE


class RulebookError(MineralctlError):
    """The rulebook is missing, unreadable or invalid; ``problems`` holds the findings to print
    (the first ones, sorted) and ``total`` how many there are in all."""

    exit_code = EXIT_RULEBOOK

    def __init__(
        self, message: str, problems: tuple[str, ...] = (), total: int | None = None, kind: str = "rulebook"
    ) -> None:
        super().__init__(message)
        self.problems = problems
        self.total = len(problems) if total is None else total
        self.kind = kind  # what was read: the rulebook, an overlay or an entity file


class NotFoundError(MineralctlError, LookupError):
    """An unknown material, destination or HS code, with the closest known names."""

    exit_code = EXIT_NOT_FOUND

    def __init__(self, kind: str, query: str, suggestions: tuple[str, ...] = (), hint: str = "") -> None:
        message = f"unknown {kind} {query!r}"
        if suggestions:
            message += f"; did you mean {_or_list(suggestions)}?"
        if hint:
            message += f" ({hint})"
        super().__init__(message)
        self.kind = kind
        self.query = query
        self.suggestions = suggestions


def _or_list(names: tuple[str, ...]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " or " + names[-1]
