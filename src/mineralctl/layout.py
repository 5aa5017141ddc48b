"""Terminal layout that never breaks a word, for every command that prints for people.

Two kinds of text reach a table: *atoms* (status words, ids, dates, codes, URLs), which are
never wrapped or split, and *prose* (names, citations, summaries), which wraps at spaces with a
hanging indent. A table whose columns cannot all fit the terminal without splitting an atom or
a word is printed as one record per row instead. URLs print whole on their own line and are
left to the terminal to soft-wrap, so a copied link still works.

Cells come in already made safe by ``render`` (rich ``Text`` for text from files, markup only
for what mineralctl builds itself). rich is imported only when something is printed.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import NamedTuple

TYPE_CHECKING = False
if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.text import Text

    Cell = Text | str


class Col(NamedTuple):
    """A column: its header and whether its cells are prose (wrap at spaces) or atoms (never wrap)."""

    header: Cell
    """mineralctl's own words (a string, read as markup) or text from a file (rich ``Text``)."""
    prose: bool = False


def as_text(value: Cell) -> Text:
    """A cell as rich ``Text``: ``Text`` as is, a string as mineralctl's own markup. Never
    emoji codes: ':warning:' in a name from a file prints as written (and rich's emoji table
    is not imported)."""
    from rich.text import Text

    return value if isinstance(value, Text) else Text.from_markup(value, emoji=False)


def atom_width(value: Cell) -> int:
    """The widest line of a cell, in terminal cells (CJK characters count two)."""
    return max((line.cell_len for line in as_text(value).split("\n")), default=0)


def word_width(value: Cell) -> int:
    """The widest word of a cell: the narrowest a prose column can be without splitting one."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in as_text(value).plain.split()), default=0)


def widths(columns: Sequence[Col], rows: Sequence[Sequence[Cell]], width: int) -> list[int] | None:
    """Each column's width in a boxed table ``width`` wide that splits no word, or ``None``
    when there is none. Atoms get their widest cell; prose at least its longest word, and the
    room left is shared by the prose columns in proportion to how much more they could use."""
    low: list[int] = []
    high: list[int] = []
    for index, column in enumerate(columns):
        cells = [as_text(c) for c in (column.header, *(row[index] for row in rows))]
        words = max(word_width(c) for c in cells)
        lines = max(atom_width(c) for c in cells)
        if column.prose:
            low.append(max(words, 1))
            high.append(max(lines, 1))
        else:
            widest = max(max(atom_width(c) for c in cells[1:]) if rows else 0, words, 1)
            low.append(widest)
            high.append(widest)
    room = width - 1 - 3 * len(columns)  # the left border; each column adds its padding (2) and a border (1)
    if sum(low) > room:
        return None
    if sum(high) <= room:
        return high
    spare = room - sum(low)
    wants = [h - lo for lo, h in zip(low, high, strict=True)]
    total = sum(wants)
    given = [lo + spare * want // total for lo, want in zip(low, wants, strict=True)]
    # What integer division left over goes to the columns that want it most.
    for index in sorted(range(len(given)), key=lambda i: -wants[i])[: room - sum(given)]:
        given[index] += 1
    return [min(g, h) for g, h in zip(given, high, strict=True)]


def table(
    out: Console,
    columns: Sequence[Col],
    rows: Iterable[Sequence[Cell]],
    *,
    title: Cell | None = None,
    caption: Cell | None = None,
    edge: bool = True,
) -> None:
    """A table whose column widths follow their content, or one record per row where a
    table would have to split a word to fit ``out.width``. Without ``edge``: no outer box."""
    from rich import box
    from rich.table import Table

    rows = [list(row) for row in rows]
    sizes = widths(columns, rows, out.width)
    if sizes is None:
        records(out, columns, rows, title=title, caption=caption)
        return
    # Title and caption are prose as wide as the terminal, not squeezed to the table's width.
    if title is not None:
        out.print(as_text(title))
    grid = Table(header_style="bold", box=box.HEAVY_HEAD if edge else box.SIMPLE_HEAD, show_edge=edge)
    for column, size in zip(columns, sizes, strict=True):
        grid.add_column(as_text(column.header), width=size, no_wrap=not column.prose, overflow="fold")
    for row in rows:
        grid.add_row(*(as_text(c) for c in row))
    out.print(grid)
    if caption is not None:
        out.print(as_text(caption))


def records(
    out: Console,
    columns: Sequence[Col],
    rows: Iterable[Sequence[Cell]],
    *,
    title: Cell | None = None,
    caption: Cell | None = None,
) -> None:
    """Each row as a block: the first cell as its heading, then one ``Header  value`` line per
    other non-empty cell, prose wrapped under its value."""
    if title is not None:
        out.print(as_text(title))
    width = max((atom_width(c.header) for c in columns[1:]), default=0)
    room = out.width - 2 - width - 2  # indent, labels, gap
    for row in rows:
        out.print(as_text(row[0]), style="bold", soft_wrap=True)
        pairs: list[tuple[Cell, Cell]] = []
        for column, value in zip(columns[1:], row[1:], strict=True):
            if not as_text(value).plain:
                continue
            if not column.prose and atom_width(value) > room:
                # Too wide to stay whole beside its label: on a line of its own, like a URL.
                hanging(out, [*pairs, (column.header, "")], indent=2, label_width=width)
                for line in as_text(value).split("\n"):
                    url_line(out, line, indent=4)
                pairs = []
                continue
            pairs.append((column.header, value))
        hanging(out, pairs, indent=2, label_width=width)
    if caption is not None:
        out.print(as_text(caption))


def hanging(
    out: Console, pairs: Sequence[tuple[Cell, Cell]], indent: int = 2, gap: int = 2, label_width: int = 0
) -> None:
    """Label-and-text lines, the text wrapping at spaces under itself (a hanging indent).
    Footnotes are ``("[1]", note)``, record fields ``("Status", "prohibited")``. Labels are at
    least ``label_width`` wide, so that several calls line up. Wrapped here and printed as one
    block: a rich table per record costs a long listing a tenth of a second."""
    from rich.text import Text

    if not pairs:
        return
    labels = [as_text(label) for label, _ in pairs]
    width = max(label_width, *(label.cell_len for label in labels))
    room = max(out.width - indent - width - gap, 1)
    block = Text()
    for label, (_, value) in zip(labels, pairs, strict=True):
        text = as_text(value)
        lines = list(text.wrap(out, room, overflow="fold")) if text.plain else [Text()]
        for index, line in enumerate(lines):
            lead = label if index == 0 else Text()
            row = Text(" " * indent)
            row.append_text(lead)
            row.append(" " * (width - lead.cell_len + gap))
            row.append_text(line)
            row.rstrip()
            block.append_text(row)
            block.append("\n")
    out.print(block, end="", soft_wrap=True)


def url_line(out: Console, url: Text, indent: int = 0) -> None:
    """A URL whole on its own line: never wrapped by mineralctl, soft-wrapped by the terminal."""
    from rich.text import Text

    line = Text(" " * indent)
    line.append_text(url)
    out.print(line, soft_wrap=True, crop=False, overflow="ignore")


def _indented(renderable: RenderableType, indent: int) -> RenderableType:
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, indent), expand=False) if indent else renderable
