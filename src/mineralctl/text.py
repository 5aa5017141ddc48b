"""Text from rulebooks, shipment files and the command line, made safe to show.

Such text is data. In a table it never becomes rich markup (``[bold]``, ``[link=…]``) and it
never reaches the terminal as control codes: C0 and C1 controls (ESC, carriage return, …),
DEL and the Unicode bidirectional and line-separator controls are shown as escapes such as
``\\x1b`` and ``\\u202e``. JSON and CSV carry the text unchanged.
"""

from __future__ import annotations

import re

# Tab and newline are layout inside a table cell; everything else here moves the cursor,
# styles the terminal or reorders what the reader sees.
_CONTROLS = "\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200e\u200f\u2028-\u202e\u2066-\u2069"
_IN_BLOCK = re.compile(f"[{_CONTROLS}]")
_IN_LINE = re.compile(f"[\t\n{_CONTROLS}]")


def _shown(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def visible(text: str, *, one_line: bool = False) -> str:
    """``text`` with control characters written out as escapes; with ``one_line`` tabs and
    newlines too (a diagnostic on stderr stays one line)."""
    return (_IN_LINE if one_line else _IN_BLOCK).sub(_shown, text)


def markup(text: object) -> str:
    """``text`` as rich markup to put between tags, ``f"[bold]{markup(name)}[/]"``: it prints
    as that text with control characters made visible. (Like ``rich.markup.escape``, a trailing
    backslash is doubled so that it cannot escape the tag after it.)"""
    from rich.markup import escape

    return escape(visible(str(text)))
