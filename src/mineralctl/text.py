"""Text from rulebooks, shipment files and the command line, made safe to show.

Such text is data. In a table it never becomes rich markup (``[bold]``, ``[link=…]``) and it
never reaches the terminal as control codes: C0 and C1 controls (ESC, carriage return, …),
DEL and the Unicode bidirectional and line-separator controls are shown as escapes, written
as Python writes them in a quoted value: ``\\x1b``, ``\\r``, ``\\u202e``. JSON and CSV carry the text unchanged.
"""

from __future__ import annotations

import re

# Tab and newline are layout inside a table cell; everything else here moves the cursor,
# styles the terminal or reorders what the reader sees.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_IN_BLOCK = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[\t\n{_CONTROLS}]")


def _shown(match: re.Match[str]) -> str:
    # As Python's repr writes it (``\\r``, ``\\x1b``, ``\\u202e``), so a value and a message
    # quoting it with ``!r`` show the same character the same way.
    return repr(match.group())[1:-1]


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with control characters written out as escapes; with ``one_line`` tabs and
    newlines too (a diagnostic on stderr stays one line)."""
    return (_IN_LINE if one_line else _IN_BLOCK).sub(_shown, text)


# A '[' that rich would read as the start of a tag, as rich.markup.RE_TAGS reads one.
_TAG = re.compile(r"\[[a-z#/@][^[]*?]")
_BRACKET = re.compile(r"(\\*)\[")
_TRAILING = re.compile(r"(\\+)$")


def markup(text: object) -> str:
    """``text`` as rich markup, ``f"[bold]{markup(name)}[/]"``: it prints as that text, with
    control characters made visible, whatever brackets and backslashes it holds.

    rich reads ``\\`` pairs as one backslash only before a tag, and drops one backslash before any
    other ``[``; so a run of backslashes before a tag-like ``[`` is doubled and escapes it, a
    run before any other ``[`` gets one more, and a run at the end is doubled and closed by an
    empty span, so the tag a caller writes after it is still a tag."""
    shown = visible(str(text))

    def bracket(match: re.Match[str]) -> str:
        run = match.group(1)
        return run * 2 + "\\[" if _TAG.match(shown, match.end(1)) else run + "\\["

    escaped = _BRACKET.sub(bracket, shown)
    return _TRAILING.sub(lambda match: match.group(1) * 2 + "[none][/none]", escaped)
