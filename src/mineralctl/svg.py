"""A timeline as one self-contained SVG picture: one row per material, time across.

Made for memos and print: no scripts, no external fonts or images, an opaque white card (so
it reads the same in dark and light viewers), a palette safe for colour-blind readers whose
lightness also orders the statuses, plus a pattern and a label per status so it survives
greyscale printing. Every period carries its dates, status and projected flag as ``data-``
attributes and its instrument and dates in a ``<title>`` tooltip; the periods are exactly
those of ``timeline --format json``. Written by hand: nothing added to start-up.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from mineralctl import __version__
from mineralctl.model import EndUse, Material, OpenQuestion, Status, packaged_alone
from mineralctl.text import visible

TYPE_CHECKING = False
if TYPE_CHECKING:
    from collections.abc import Callable

    from mineralctl.history import Period, SuspendedSpan
    from mineralctl.rulebook import Rulebook

    _X = Callable[[dt.date], float]
    """Day -> x coordinate of the start of that day."""

ONE_DAY = dt.timedelta(days=1)
FONT = "system-ui, -apple-system, 'Segoe UI', 'Helvetica Neue', Arial, sans-serif"
INK, MUTED, GRID, TODAY = "#1b1b1b", "#5a5a5a", "#d4d4d4", "#0072b2"

# Lightness falls as the status gets stricter (greyscale keeps the order); hues from
# ColorBrewer's colour-blind-safe YlOrBr ramp, with a neutral grey-blue for "not controlled".
FILL = {
    Status.NOT_CONTROLLED: "#e4ebef",
    Status.LICENSE_REQUIRED: "#fec44f",
    Status.ENHANCED_REVIEW: "#ec7014",
    Status.PROHIBITED: "#8c2d04",
}
LABEL_INK = {
    Status.NOT_CONTROLLED: INK,
    Status.LICENSE_REQUIRED: INK,
    Status.ENHANCED_REVIEW: INK,
    Status.PROHIBITED: "#ffffff",
}
SHORT = {
    Status.NOT_CONTROLLED: "NC",
    Status.LICENSE_REQUIRED: "LR",
    Status.ENHANCED_REVIEW: "ER",
    Status.PROHIBITED: "P",
}

WIDTH = 1000
RIGHT = 28
BAR = 20
STRIP = 6
PITCH = 38
MONTHS = "JFMAMJJASOND"


@dataclass(frozen=True)
class Row:
    """One material's periods and the spans on which a measure for it is suspended."""

    material: Material
    periods: Sequence[Period]
    suspended: Sequence[SuspendedSpan] = ()
    questions: Sequence[tuple[OpenQuestion, str]] = ()
    """Dated open questions of the measures behind the row, with the instrument they are on."""


def escape(text: str) -> str:
    """XML text and attribute values: markup characters escaped; control characters (which
    XML 1.0 cannot carry at all) and the non-characters U+FFFE and U+FFFF written out as
    escapes (``\\x1b``, as in tables)."""
    return (
        visible(text.replace("\r\n", "\n"))
        .replace("\ufffe", "\\ufffe")
        .replace("\uffff", "\\uffff")
        .replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace('"', "&quot;")
        .replace("'", "&#39;")
    )


def timeline_picture(
    rulebook: Rulebook,
    found: Sequence[tuple[Material, Sequence[Period]]],
    query: str,
    destination: str | None,
    place: str,
    end_use: EndUse,
    today: dt.date,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> str:
    """``timeline --format svg``: the periods of each material, with their suspensions."""
    from mineralctl.history import deciding_entries, suspended_spans

    rows = [
        Row(
            m,
            periods,
            suspended_spans(rulebook, m, destination, end_use, first, last),
            [(q, e.instrument) for e in deciding_entries(rulebook, m, destination, end_use) for q in e.open_questions],
        )
        for m, periods in found
    ]
    title = f"Export-control status: {found[0][0].name if len(found) == 1 else query}"
    return timeline_svg(rulebook, rows, title=title, place=place, end_use=end_use, today=today, first=first, last=last)


def timeline_svg(
    rulebook: Rulebook,
    rows: Sequence[Row],
    *,
    title: str,
    place: str,
    end_use: EndUse,
    today: dt.date,
    first: dt.date | None = None,
    last: dt.date | None = None,
) -> str:
    """The picture. ``first``/``last`` fix the time axis (the timeline's ``--from``/``--to``);
    otherwise it runs from the year of the earliest change to the year after the latest."""
    low, high = _axis_range(rows, rulebook.as_of, today, first, last)
    label_width = min(300, max(110, 14 + int(6.6 * max((len(r.material.name) for r in rows), default=8))))
    left = label_width + 16
    plot = WIDTH - left - RIGHT
    days = (high - low).days

    def x(day: dt.date) -> float:
        return round(left + max(0, min(days, (day - low).days)) * plot / days, 2)

    top = 104
    bottom = top + PITCH * len(rows) - (PITCH - BAR - STRIP - 2)
    axis_y = bottom + 8
    legend_y = axis_y + 44
    caption_y = legend_y + 64
    height = caption_y + 34

    out: list[str] = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
        f'viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title chart-desc" '
        f'font-family="{escape(FONT)}" font-size="12" fill="{INK}">',
        f'<title id="chart-title">{escape(title)}</title>',
        f'<desc id="chart-desc">{escape(_caption(rulebook, place, end_use, today))}</desc>',
        _defs(),
        f'<rect class="background" x="0" y="0" width="{WIDTH}" height="{height}" fill="#ffffff"/>',
        f'<text x="16" y="30" font-size="17" font-weight="600">{escape(title)}</text>',
        f'<text x="16" y="50" fill="{MUTED}">{escape(place)} · {end_use.value} end use</text>',
    ]
    # Behind the bars: the projected part, then the year grid.
    projected_from = rulebook.as_of + ONE_DAY
    if projected_from < high:
        px = x(max(projected_from, low))
        out.append(
            f'<rect class="projected" x="{px}" y="{top - 34}" width="{round(left + plot - px, 2)}" '
            f'height="{bottom - top + 38}" fill="url(#projected)"/>'
        )
    for year in range(low.year, high.year + 1):
        jan = dt.date(year, 1, 1)
        if low < jan < high:
            out.append(
                f'<line x1="{x(jan)}" y1="{top - 6}" x2="{x(jan)}" y2="{bottom}" stroke="{GRID}" stroke-width="1"/>'
            )
    for index, row in enumerate(rows):
        out += _row(row, top + index * PITCH, label_width, x, low, high)
    out += _axis(low, high, x, axis_y)
    out += _markers(rulebook.as_of, today, low, high, x, top, bottom, left + plot)
    out += _legend(legend_y)
    caption = _caption(rulebook, place, end_use, today)
    out.append(f'<text class="caption" x="16" y="{caption_y}" fill="{MUTED}" font-size="11">')
    for number, line in enumerate(_wrap(caption, 150)):
        out.append(f'<tspan x="16" dy="{0 if number == 0 else 14}">{escape(line)}</tspan>')
    out.append("</text>")
    out.append("</svg>")
    return "\n".join(out) + "\n"


def _axis_range(
    rows: Sequence[Row], as_of: dt.date, today: dt.date, first: dt.date | None, last: dt.date | None
) -> tuple[dt.date, dt.date]:
    """``low`` (first day shown) and ``high`` (the day after the last day shown)."""
    changes = [p.start for r in rows for p in r.periods if p.start is not None]
    changes += [s.start for r in rows for s in r.suspended]
    changes += [q.date for r in rows for q, _ in r.questions]
    if first is not None:
        low = first
    else:
        earliest = min(changes, default=min(today, as_of)) - dt.timedelta(days=90)
        low = dt.date(earliest.year, 1, 1)
    if last is not None:
        high = last + ONE_DAY
    else:
        latest = max([*changes, *(s.end for r in rows for s in r.suspended), today, as_of]) + dt.timedelta(days=90)
        high = dt.date(latest.year + 1, 1, 1)
    if high <= low:
        high = low + dt.timedelta(days=365)
    return low, high


def _row(row: Row, y: int, label_width: int, x: _X, low: dt.date, high: dt.date) -> list[str]:
    material = row.material
    name = material.name if len(material.name) * 6.6 <= label_width else material.name[: label_width // 7] + "…"
    out = [
        f'<g class="row" data-material="{escape(material.id)}">',
        f'<text x="{label_width + 6}" y="{y + 14}" text-anchor="end"><title>{escape(material.name)}</title>'
        f"{escape(name)}</text>",
    ]
    for period in row.periods:
        start = max(period.start or low, low)
        end = min(period.end or high - ONE_DAY, high - ONE_DAY)
        if end < start:
            continue  # outside the axis the user chose
        x0, x1 = x(start), x(end + ONE_DAY)
        width = round(max(x1 - x0, 0.8), 2)
        status = period.status
        dashed = ' stroke-dasharray="4 2"' if period.projected else ""
        out.append(
            f'<g class="period" data-from="{_iso(period.start)}" data-until="{_iso(period.end)}" '
            f'data-status="{status.value}" data-projected="{str(period.projected).lower()}">'
        )
        out.append(f"<title>{escape(_tooltip(material, period))}</title>")
        out.append(
            f'<rect x="{x0}" y="{y}" width="{width}" height="{BAR}" fill="url(#status-{status.value})" '
            f'stroke="{INK}" stroke-opacity="0.55" stroke-width="0.8"{dashed}/>'
        )
        label = _fit(status, period.projected, width)
        if label:
            out.append(
                f'<text x="{round(x0 + 5, 2)}" y="{y + 14}" fill="{LABEL_INK[status]}" stroke="{FILL[status]}" '
                f'stroke-width="3" paint-order="stroke" font-size="11">{label}</text>'
            )
        out.append("</g>")
    for span in row.suspended:
        start, end = max(span.start, low), min(span.end, high - ONE_DAY)
        if end < start:
            continue
        x0, x1 = x(start), x(end + ONE_DAY)
        held = "; ".join(
            f"{m.citation} ({m.effect.value}) suspended by {s.instrument}, {s.start.isoformat()} to "
            f"{s.end.isoformat()} inclusive"
            for m, s in span.held
        )
        out.append(
            f'<g class="suspension" data-from="{_iso(span.start)}" data-until="{_iso(span.end)}">'
            f"<title>{escape(f'{material.name}: suspended {_iso(span.start)} to {_iso(span.end)} inclusive: ')}"
            f"{escape(held)}</title>"
            f'<rect x="{x0}" y="{y + BAR + 2}" width="{round(max(x1 - x0, 0.8), 2)}" height="{STRIP}" '
            f'fill="url(#suspended)" stroke="{INK}" stroke-width="0.6"/></g>'
        )
    for question, instrument in row.questions:
        if not low <= question.date < high:
            continue
        qx = round(x(question.date) + (x(question.date + ONE_DAY) - x(question.date)) / 2, 2)
        qy = y + BAR + 2 + STRIP / 2  # on the line of the suspensions: most questions are about their end
        text = f"Open question on {instrument}, {question.date.isoformat()}: {' '.join(question.text.split())}"
        out.append(
            f'<g class="open-question" data-date="{question.date.isoformat()}"><title>{escape(text)}</title>'
            f'<circle cx="{qx}" cy="{qy}" r="6.5" fill="#ffffff" stroke="{INK}" stroke-width="1.2"/>'
            f'<text x="{qx}" y="{qy + 3.5}" text-anchor="middle" font-size="10" font-weight="700">?</text></g>'
        )
    out.append("</g>")
    return out


def _fit(status: Status, projected: bool, width: float) -> str:
    """The longest label that fits in a bar ``width`` pixels wide."""
    for label in (f"{status.value} (projected)" if projected else "", status.value, SHORT[status]):
        if label and len(label) * 6.1 + 10 <= width:
            return label
    return ""


def _tooltip(material: Material, period: Period) -> str:
    start = _iso(period.start) or "the beginning"
    end = _iso(period.end) or "open-ended"
    lines = [f"{material.name}: {period.status.value}{' (projected)' if period.projected else ''}, {start} to {end}"]
    lines.append(f"Why: {period.change}")
    if period.measures:
        lines.append("Measures: " + "; ".join(m.citation for m in period.measures))
    if period.suspended:
        lines.append("Suspended: " + "; ".join(f"{m.citation} by {s.instrument}" for m, s in period.suspended))
    return "\n".join(lines)


def _axis(low: dt.date, high: dt.date, x: _X, y: int) -> list[str]:
    out = [f'<g class="axis" font-size="11" fill="{MUTED}">']
    out.append(f'<line x1="{x(low)}" y1="{y}" x2="{x(high)}" y2="{y}" stroke="{MUTED}" stroke-width="1"/>')
    per_month = (x(high) - x(low)) / max(1, (high - low).days) * 30.4
    month = dt.date(low.year, low.month, 1)
    while month < high:
        if month >= low:
            tall = month.month == 1
            out.append(
                f'<line x1="{x(month)}" y1="{y}" x2="{x(month)}" y2="{y + (9 if tall else 4)}" '
                f'stroke="{MUTED}" stroke-width="{1 if tall else 0.6}"/>'
            )
            if per_month >= 16:
                out.append(
                    f'<text x="{round(x(month) + per_month / 2, 2)}" y="{y + 15}" text-anchor="middle" '
                    f'font-size="9">{MONTHS[month.month - 1]}</text>'
                )
        month = dt.date(month.year + month.month // 12, month.month % 12 + 1, 1)
    step = next(s for s in (1, 2, 5, 10, 20, 50) if per_month * 12 * s >= 40)
    for year in range(low.year, high.year + 1):
        start, end = max(dt.date(year, 1, 1), low), min(dt.date(year + 1, 1, 1), high)
        if end <= start or year % step:
            continue
        middle = round((x(start) + x(end)) / 2, 2) if step == 1 else x(start)
        out.append(
            f'<text x="{middle}" y="{y + (29 if per_month >= 16 else 22)}" text-anchor="middle" '
            f'font-weight="600">{year}</text>'
        )
    out.append("</g>")
    return out


def _markers(
    as_of: dt.date, today: dt.date, low: dt.date, high: dt.date, x: _X, top: int, bottom: int, right: float
) -> list[str]:
    out: list[str] = []
    checked = as_of + ONE_DAY
    if low < checked < high:
        cx = x(checked)
        out.append(
            f'<line class="as-of" x1="{cx}" y1="{top - 34}" x2="{cx}" y2="{bottom + 4}" stroke="{MUTED}" '
            'stroke-width="1" stroke-dasharray="3 3"/>'
        )
        out.append(
            f'<text x="{round(cx - 4, 2)}" y="{top - 22}" text-anchor="end" fill="{MUTED}" font-size="11">'
            f"sources checked to {as_of.isoformat()}</text>"
        )
        out.append(
            f'<text x="{round(cx + 4, 2)}" y="{top - 22}" fill="{MUTED}" font-size="11" font-style="italic">'
            "projected →</text>"
        )
    elif checked <= low:
        out.append(
            f'<text x="{x(low) + 4}" y="{top - 22}" fill="{MUTED}" font-size="11" font-style="italic">'
            f"projected: after sources checked to {as_of.isoformat()}</text>"
        )
    if low <= today < high:
        tx = round(x(today) + (x(today + ONE_DAY) - x(today)) / 2, 2)
        anchor, dx = ("end", -4) if tx > right - 120 else ("start", 4)
        out.append(
            f'<line class="today" x1="{tx}" y1="{top - 10}" x2="{tx}" y2="{bottom + 4}" stroke="{TODAY}" '
            'stroke-width="1.6"/>'
        )
        out.append(
            f'<text x="{round(tx + dx, 2)}" y="{top - 6}" text-anchor="{anchor}" fill="{TODAY}" font-size="11" '
            f'font-weight="600">today {today.isoformat()}</text>'
        )
    return out


def _legend(y: int) -> list[str]:
    out = ['<g class="legend" font-size="11">']
    cx = 16
    for status in Status:
        out.append(
            f'<rect x="{cx}" y="{y}" width="22" height="14" fill="url(#status-{status.value})" '
            f'stroke="{INK}" stroke-opacity="0.55" stroke-width="0.8"/>'
        )
        text = f"{status.value} ({SHORT[status]})"
        out.append(f'<text x="{cx + 28}" y="{y + 11}">{text}</text>')
        cx += 28 + int(len(text) * 6.2) + 18
    out.append(
        f'<rect x="{cx}" y="{y + 4}" width="22" height="{STRIP}" fill="url(#suspended)" stroke="{INK}" '
        'stroke-width="0.6"/>'
    )
    out.append(f'<text x="{cx + 28}" y="{y + 11}">a measure is suspended</text>')
    y2 = y + 22
    out.append(
        f'<rect x="16" y="{y2}" width="22" height="14" fill="url(#projected)" stroke="{MUTED}" stroke-width="0.6"/>'
    )
    text = "projected: after the rulebook's as_of, by the rules as written (dashed outline: starts after as_of)"
    out.append(f'<text x="44" y="{y2 + 11}">{escape(text)}</text>')
    tx = 44 + int(len(text) * 5.8) + 24
    out.append(
        f'<line x1="{tx + 11}" y1="{y2}" x2="{tx + 11}" y2="{y2 + 14}" stroke="{TODAY}" stroke-width="1.6"/>'
        f'<text x="{tx + 28}" y="{y2 + 11}">today</text>'
    )
    qx = tx + 90
    out.append(
        f'<circle cx="{qx + 11}" cy="{y2 + 7}" r="6.5" fill="#ffffff" stroke="{INK}" stroke-width="1.2"/>'
        f'<text x="{qx + 11}" y="{y2 + 10.5}" text-anchor="middle" font-size="10" font-weight="700">?</text>'
        f'<text x="{qx + 28}" y="{y2 + 11}">dated open question</text>'
    )
    out.append("</g>")
    return out


def _defs() -> str:
    nc, lr, er, pr = (FILL[s] for s in Status)
    return (
        "<defs>"
        f'<pattern id="status-not-controlled" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{nc}"/></pattern>'
        f'<pattern id="status-license-required" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{lr}"/>'
        f'<line x1="0" y1="0" x2="0" y2="6" stroke="#7a5200" stroke-width="1.2" stroke-opacity="0.55"/></pattern>'
        f'<pattern id="status-enhanced-review" width="6" height="6" patternUnits="userSpaceOnUse" '
        f'patternTransform="rotate(45)"><rect width="6" height="6" fill="{er}"/>'
        f'<path d="M0 0V6M0 0H6" stroke="#4a2000" stroke-width="1.2" stroke-opacity="0.6"/></pattern>'
        f'<pattern id="status-prohibited" width="8" height="8" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="8" fill="{pr}"/></pattern>'
        '<pattern id="suspended" width="8" height="6" patternUnits="userSpaceOnUse">'
        f'<rect width="8" height="6" fill="#ffffff"/><rect width="4" height="6" fill="#4d4d4d"/></pattern>'
        '<pattern id="projected" width="8" height="8" patternUnits="userSpaceOnUse" patternTransform="rotate(-45)">'
        '<rect width="8" height="8" fill="#eeeeee"/>'
        '<line x1="0" y1="0" x2="0" y2="8" stroke="#d6d6d6" stroke-width="2"/></pattern>'
        "</defs>"
    )


def _caption(rulebook: Rulebook, place: str, end_use: EndUse, today: dt.date) -> str:
    checked = (
        f"Rulebook {rulebook.version}, sources checked to {rulebook.as_of.isoformat()} (as_of); later dates are "
        "projected from the rules as written."
    )
    if not packaged_alone(rulebook.files):  # every file, and the earliest date
        from mineralctl.render import files_label

        checked = (
            f"Files: {files_label(rulebook)}. Dates after {rulebook.as_of.isoformat()}, the earliest of these, "
            "are projected from the rules as written."
        )
    return (
        f"Destination: {place}. End use: {end_use.value}. {checked} "
        f"Today: {today.isoformat()}. Dates are Beijing dates; a change on a date applies from that day. "
        f"Made with mineralctl {__version__}. A research aid, not legal advice."
    )


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    current = ""
    for word in text.split():
        if current and len(current) + 1 + len(word) > width:
            lines.append(current)
            current = word
        else:
            current = f"{current} {word}".strip()
    return [*lines, current] if current else lines


def _iso(day: dt.date | None) -> str:
    return day.isoformat() if day else ""
