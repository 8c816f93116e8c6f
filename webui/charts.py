"""Charts as SVG drawn on the server: readable without JavaScript, styled by class from style.css.

Each chart has a title and description for screen readers, and every page that draws one also
prints the same numbers as a table beside it. No inline styles (the CSP forbids them): colours
come from the ``series-N`` classes.
"""

from __future__ import annotations

import hashlib
import math
from typing import Collection, Sequence

from markupsafe import Markup, escape

LABEL_WIDTH = 210
PLOT_WIDTH = 360
BAR_HEIGHT = 13
BAR_GAP = 3
GROUP_GAP = 12
TOP = 34
FONT = 12


def _svg(width: int, height: int, title: str, description: str, body: list[str]) -> Markup:
    return Markup(
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-labelledby="{_id(title)}-t {_id(title)}-d">'
        f'<title id="{_id(title)}-t">{escape(title)}</title><desc id="{_id(title)}-d">{escape(description)}</desc>'
        + "".join(body) + "</svg>")


def _id(text: str) -> str:
    return "c" + hashlib.sha1(text.encode("utf-8")).hexdigest()[:10]


def _legend(series: Sequence[str], y: int, x: int = LABEL_WIDTH) -> list[str]:
    out = []
    for number, name in enumerate(series):
        left = x + number * 170
        out.append(f'<rect class="series-{number}" x="{left}" y="{y - 10}" width="12" height="12"/>'
                   f'<text x="{left + 18}" y="{y}" class="legend">{escape(name)}</text>')
    return out


def _percent_axis(top: int, bottom: int) -> list[str]:
    out = []
    for tick in (0, 25, 50, 75, 100):
        x = LABEL_WIDTH + PLOT_WIDTH * tick / 100
        out.append(f'<line class="grid" x1="{x:.1f}" y1="{top}" x2="{x:.1f}" y2="{bottom}"/>'
                   f'<text class="tick" x="{x:.1f}" y="{bottom + 14}" text-anchor="middle">{tick}%</text>')
    return out


def share_bars(title: str, groups: Sequence[tuple[str, Sequence[float | None], str]],
               series: Sequence[str]) -> Markup:
    """Horizontal bars: for each group (label, one share 0–1 per series, a count note), one bar
    per series, on a 0–100% axis."""
    per_group = len(series) * (BAR_HEIGHT + BAR_GAP) + GROUP_GAP
    plot_bottom = TOP + per_group * len(groups)
    body = _legend(series, 16) + _percent_axis(TOP - 4, plot_bottom)
    for row, (label, shares, note) in enumerate(groups):
        y0 = TOP + row * per_group
        middle = y0 + len(series) * (BAR_HEIGHT + BAR_GAP) / 2
        body.append(f'<text class="label" x="{LABEL_WIDTH - 8}" y="{middle - 2:.1f}" text-anchor="end">{escape(label)}</text>'
                    f'<text class="note" x="{LABEL_WIDTH - 8}" y="{middle + 11:.1f}" text-anchor="end">{escape(note)}</text>')
        for number, share in enumerate(shares):
            y = y0 + number * (BAR_HEIGHT + BAR_GAP)
            width = PLOT_WIDTH * (share or 0)
            text = "–" if share is None else f"{share * 100:.0f}%"
            body.append(f'<rect class="series-{number}" x="{LABEL_WIDTH}" y="{y}" width="{width:.1f}" height="{BAR_HEIGHT}">'
                        f'<title>{escape(label)}: {escape(series[number])} {text}</title></rect>'
                        f'<text class="value" x="{LABEL_WIDTH + width + 4:.1f}" y="{y + BAR_HEIGHT - 2}">{text}</text>')
    description = "; ".join(
        f"{label}: " + ", ".join(f"{name} {'–' if s is None else f'{s * 100:.0f}%'}" for name, s in zip(series, shares))
        for label, shares, _ in groups)
    return _svg(LABEL_WIDTH + PLOT_WIDTH + 50, plot_bottom + 24, title, description, body)


def share_lines(title: str, lines: Sequence[tuple[str, Sequence[tuple[int, float | None]]]]) -> Markup:
    """Shares (0–1) by year, one line per named series."""
    years = sorted({year for _, points in lines for year, _ in points})
    width, height, left, top, bottom = 620, 260, 50, 30, 220
    plot_width = width - left - 20
    if not years:
        return _svg(width, 60, title, "No data.", ['<text x="10" y="30">No data.</text>'])
    span = max(1, years[-1] - years[0])
    x_of = lambda year: left + plot_width * (year - years[0]) / span if len(years) > 1 else left + plot_width / 2  # noqa: E731
    y_of = lambda share: bottom - (bottom - top) * share  # noqa: E731
    body = _legend([name for name, _ in lines], 16, x=left)
    for tick in (0, 0.25, 0.5, 0.75, 1):
        body.append(f'<line class="grid" x1="{left}" y1="{y_of(tick):.1f}" x2="{width - 20}" y2="{y_of(tick):.1f}"/>'
                    f'<text class="tick" x="{left - 6}" y="{y_of(tick) + 4:.1f}" text-anchor="end">{tick * 100:.0f}%</text>')
    step = max(1, len(years) // 10)
    for year in years[::step]:
        body.append(f'<text class="tick" x="{x_of(year):.1f}" y="{bottom + 16}" text-anchor="middle">{year}</text>')
    descriptions = []
    for number, (name, points) in enumerate(lines):
        known = [(year, share) for year, share in points if share is not None]
        if len(known) > 1:
            path = " ".join(f"{x_of(year):.1f},{y_of(share):.1f}" for year, share in known)
            body.append(f'<polyline class="line series-{number}" points="{path}"/>')
        for year, share in known:
            body.append(f'<circle class="series-{number}" cx="{x_of(year):.1f}" cy="{y_of(share):.1f}" r="3.5">'
                        f'<title>{escape(name)}, {year}: {share * 100:.0f}%</title></circle>')
        descriptions.append(f"{name}: " + ", ".join(f"{year} {share * 100:.0f}%" for year, share in known))
    return _svg(width, height, title, "; ".join(descriptions), body)


def trend(title: str, points: Sequence[tuple[int, float | None]], highlight: int | Collection[int] | None,
          unit: str = "") -> Markup:
    """A small line of one figure over the years, the inspection's year (or years) marked."""
    marked_years = {highlight} if isinstance(highlight, int) else set(highlight or ())
    known = [(year, value) for year, value in points if value is not None]
    width, height, pad = 240, 70, 14
    if not known:
        return _svg(width, 24, title, "No figures.", ['<text class="note" x="0" y="16">No figures</text>'])
    years = [year for year, _ in known]
    low, high = min(v for _, v in known), max(v for _, v in known)
    x_span, y_span = max(1, years[-1] - years[0]), (high - low) or 1
    x_of = lambda year: pad + (width - 2 * pad) * (year - years[0]) / x_span  # noqa: E731
    y_of = lambda value: height - pad - (height - 2 * pad - 8) * (value - low) / y_span  # noqa: E731
    body = []
    if len(known) > 1:
        body.append('<polyline class="line series-0" points="'
                    + " ".join(f"{x_of(y):.1f},{y_of(v):.1f}" for y, v in known) + '"/>')
    for year, value in known:
        marked = " highlight" if year in marked_years else ""
        body.append(f'<circle class="series-0{marked}" cx="{x_of(year):.1f}" cy="{y_of(value):.1f}" '
                    f'r="{4.5 if marked else 2.5}"><title>{year}: {value:g}{escape(unit)}</title></circle>')
    body.append(f'<text class="tick" x="{pad}" y="{height - 1}" text-anchor="middle">{years[0]}</text>'
                f'<text class="tick" x="{width - pad}" y="{height - 1}" text-anchor="middle">{years[-1]}</text>')
    description = ", ".join(f"{year}: {value:g}{unit}" for year, value in known)
    return _svg(width, height, title, description, body)


SPREAD_LABEL_WIDTH = 230
SPREAD_PLOT_WIDTH = 200


def spread(title: str, rows: Sequence[tuple[str, float | None, float | None, float | None, int]], unit: str = "") -> Markup:
    """Quartiles by group: a box from the lower to the upper quartile, a line at the median."""
    known = [row for row in rows if row[2] is not None]
    if not known:
        return _svg(300, 24, title, "No figures.", ['<text class="note" x="0" y="16">No figures</text>'])
    low = min(row[1] if row[1] is not None else row[2] for row in known)
    high = max(row[3] if row[3] is not None else row[2] for row in known)
    span = (high - low) or 1
    x_of = lambda value: SPREAD_LABEL_WIDTH + SPREAD_PLOT_WIDTH * (value - low) / span  # noqa: E731
    body, row_height = [], 26
    for number, (label, q1, median, q3, n) in enumerate(rows):
        y = 10 + number * row_height
        body.append(f'<text class="label" x="{SPREAD_LABEL_WIDTH - 8}" y="{y + 13}" text-anchor="end">{escape(label)}</text>')
        if median is None:
            continue
        q1, q3 = q1 if q1 is not None else median, q3 if q3 is not None else median
        body.append(f'<rect class="series-1 box" x="{x_of(q1):.1f}" y="{y}" width="{max(1.0, x_of(q3) - x_of(q1)):.1f}" height="18">'
                    f'<title>{escape(label)}: median {round(median, 1):g}{escape(unit)}, quartiles {round(q1, 1):g}–{round(q3, 1):g}</title></rect>'
                    f'<line class="median" x1="{x_of(median):.1f}" y1="{y - 2}" x2="{x_of(median):.1f}" y2="{y + 20}"/>')
    bottom = 10 + len(rows) * row_height
    body.append(f'<text class="tick" x="{SPREAD_LABEL_WIDTH}" y="{bottom + 8}" text-anchor="middle">{round(low, 1):g}{escape(unit)}</text>'
                f'<text class="tick" x="{SPREAD_LABEL_WIDTH + SPREAD_PLOT_WIDTH}" y="{bottom + 8}" text-anchor="middle">{round(high, 1):g}{escape(unit)}</text>')
    description = "; ".join(f"{label}: median {median:g}, quartiles {q1:g} to {q3:g}, {n} reports"
                            for label, q1, median, q3, n in known if q1 is not None and q3 is not None)
    return _svg(SPREAD_LABEL_WIDTH + SPREAD_PLOT_WIDTH + 40, bottom + 16, title, description, body)


def intervals(title: str, xs: Sequence[int], lines: Sequence[tuple[str, str, Sequence[tuple[int, float, float, float]]]],
              x_label, unit: str = "") -> Markup:
    """Means with 95% intervals at each x, one line per named series, around a zero line;
    ``lines``: (name, CSS class, [(x, mean, low, high)]) with the points too few to show left out."""
    width, height, left, top, bottom = 640, 300, 56, 34, 256
    plot_width = width - left - 24
    values = [v for _, _, points in lines for _, _, low, high in points for v in (low, high)] + [0.0]
    low_v, high_v = min(values), max(values)
    span_v = (high_v - low_v) or 1
    x_of = lambda x: left + plot_width * (xs.index(x) + 0.5) / len(xs)  # noqa: E731
    y_of = lambda v: bottom - (bottom - top) * (v - low_v) / span_v  # noqa: E731
    body, legend_x = [], left
    for name, css, _ in lines:   # each entry as wide as its name, so long grade names do not overlap
        body.append(f'<rect class="{css}" x="{legend_x}" y="6" width="12" height="12"/>'
                    f'<text x="{legend_x + 18}" y="16" class="legend">{escape(name)}</text>')
        legend_x += 30 + 6.5 * len(name)
    body.append(f'<line class="zero" x1="{left}" y1="{y_of(0):.1f}" x2="{width - 24}" y2="{y_of(0):.1f}"/>'
                f'<text class="tick" x="{left - 6}" y="{y_of(0) + 4:.1f}" text-anchor="end">0</text>'
                f'<text class="tick" x="{left - 6}" y="{y_of(high_v) + 4:.1f}" text-anchor="end">{high_v:+.0f}{escape(unit)}</text>'
                f'<text class="tick" x="{left - 6}" y="{y_of(low_v) + 4:.1f}" text-anchor="end">{low_v:+.0f}{escape(unit)}</text>')
    for x in xs:
        body.append(f'<text class="tick" x="{x_of(x):.1f}" y="{bottom + 18}" text-anchor="middle">{escape(x_label(x))}</text>')
    descriptions = []
    for number, (name, css, points) in enumerate(lines):
        nudge = (number - (len(lines) - 1) / 2) * 5   # side by side, so intervals do not hide each other
        if len(points) > 1:
            body.append(f'<polyline class="line {css}" points="'
                        + " ".join(f"{x_of(x) + nudge:.1f},{y_of(m):.1f}" for x, m, _, _ in points) + '"/>')
        for x, m, low, high in points:
            body.append(f'<line class="interval {css}" x1="{x_of(x) + nudge:.1f}" y1="{y_of(low):.1f}" '
                        f'x2="{x_of(x) + nudge:.1f}" y2="{y_of(high):.1f}"/>'
                        f'<circle class="{css}" cx="{x_of(x) + nudge:.1f}" cy="{y_of(m):.1f}" r="3.5">'
                        f'<title>{escape(name)}, {escape(x_label(x))}: {m:+.1f}{escape(unit)} ({low:+.1f} to {high:+.1f})</title></circle>')
        descriptions.append(f"{name}: " + ", ".join(f"{x_label(x)} {m:+.1f}" for x, m, _, _ in points))
    return _svg(width, height, title, "; ".join(descriptions), body)


def grade_timeline(title: str, points: Sequence[tuple[float, str, str]], grades: Sequence[tuple[str, str]]) -> Markup:
    """Reports over time, one row per grade: ``points`` (year as a decimal, grade, label),
    ``grades`` (grade, its label) best first; a point's colour is its grade's ``grade-`` class."""
    width, left, row, top = 640, 220, 30, 12
    height = top + row * len(grades) + 30
    if not points:
        return _svg(width, 24, title, "No graded reports.", ['<text class="note" x="0" y="16">No graded reports</text>'])
    first, last = math.floor(min(p[0] for p in points)), math.ceil(max(p[0] for p in points))
    span = max(1, last - first)
    x_of = lambda year: left + (width - left - 20) * (year - first) / span  # noqa: E731
    rows = {grade: number for number, (grade, _) in enumerate(grades)}
    body = []
    for grade, label in grades:
        y = top + rows[grade] * row + row / 2
        body.append(f'<line class="grid" x1="{left}" y1="{y:.1f}" x2="{width - 20}" y2="{y:.1f}"/>'
                    f'<text class="label" x="{left - 8}" y="{y + 4:.1f}" text-anchor="end">{escape(label)}</text>')
    for year in range(first, last + 1, max(1, span // 8)):
        body.append(f'<text class="tick" x="{x_of(year):.1f}" y="{height - 8}" text-anchor="middle">{year}</text>')
    for year, grade, label in points:
        y = top + rows[grade] * row + row / 2
        body.append(f'<circle class="grade-{grade}" cx="{x_of(year):.1f}" cy="{y:.1f}" r="6"><title>{escape(label)}</title></circle>')
    return _svg(width, height, title, "; ".join(label for _, _, label in points), body)
