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
    """A cell as rich ``Text``: ``Text`` as is, a string as mineralctl's own markup."""
    from rich.text import Text

    return value if isinstance(value, Text) else Text.from_markup(value)


def atom_width(value: Cell) -> int:
    """The widest line of a cell, in terminal cells (CJK characters count two)."""
    return max((line.cell_len for line in as_text(value).split("\n")), default=0)


def word_width(value: Cell) -> int:
    """The widest word of a cell: the narrowest a prose column can be without splitting one."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in as_text(value).plain.split()), default=0)


def fits(columns: Sequence[Col], rows: Sequence[Sequence[Cell]], width: int) -> bool:
    """True when a boxed table of these columns fits ``width`` without breaking any word."""
    need = 1  # the left border; each column adds its padding (2) and a border (1)
    for index, column in enumerate(columns):
        cells = [column.header, *(row[index] for row in rows)]
        measure = word_width if column.prose else atom_width
        need += max(word_width(column.header), *(measure(c) for c in cells)) + 3
    return need <= width


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
    if not fits(columns, rows, out.width):
        records(out, columns, rows, title=title, caption=caption)
        return
    # Title and caption are prose as wide as the terminal, not squeezed to the table's width.
    if title is not None:
        out.print(as_text(title))
    grid = Table(
        header_style="bold",
        box=box.HEAVY_HEAD if edge else box.SIMPLE_HEAD,
        show_edge=edge,
    )
    for index, column in enumerate(columns):
        header_words = word_width(column.header)
        if column.prose:
            grid.add_column(as_text(column.header), overflow="fold", min_width=header_words)
        else:
            widest = max([header_words, *(atom_width(row[index]) for row in rows)])
            grid.add_column(as_text(column.header), no_wrap=True, min_width=widest)
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
    labels = [c.header for c in columns[1:]]
    width = max((atom_width(label) for label in labels), default=0)
    for row in rows:
        out.print(as_text(row[0]), style="bold", soft_wrap=True)
        pairs = [(label, value) for label, value in zip(labels, row[1:], strict=True) if as_text(value).plain]
        hanging(out, pairs, indent=2, label_width=width)
    if caption is not None:
        out.print(as_text(caption))


def hanging(
    out: Console, pairs: Sequence[tuple[Cell, Cell]], indent: int = 2, gap: int = 2, label_width: int = 0
) -> None:
    """Label-and-text lines, the text wrapping at spaces under itself (a hanging indent).
    Footnotes are ``("[1]", note)``, record fields ``("Status", "prohibited")``. Labels are at
    least ``label_width`` wide, so that several calls line up."""
    from rich.table import Table

    if not pairs:
        return
    grid = Table.grid(padding=(0, gap, 0, 0))
    grid.add_column(no_wrap=True, min_width=max(label_width, *(atom_width(label) for label, _ in pairs)))
    grid.add_column(overflow="fold")
    for label, text in pairs:
        grid.add_row(as_text(label), as_text(text))
    out.print(_indented(grid, indent))


def url_line(out: Console, url: Text, indent: int = 0) -> None:
    """A URL whole on its own line: never wrapped by mineralctl, soft-wrapped by the terminal."""
    from rich.text import Text

    line = Text(" " * indent)
    line.append_text(url)
    out.print(line, soft_wrap=True, crop=False, overflow="ignore")


def _indented(renderable: RenderableType, indent: int) -> RenderableType:
    from rich.padding import Padding

    return Padding(renderable, (0, 0, 0, indent), expand=False) if indent else renderable
