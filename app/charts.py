"""Server-side SVG charts: no script, no external resources, labels escaped.

Each function returns Markup holding one <svg>. Styling is by SVG
presentation attributes and classes from static/style.css, so the page CSP
(no inline style) holds.
"""
from __future__ import annotations

import math

from markupsafe import Markup, escape

PALETTE = ("#1f5f99", "#3f9c6d", "#d08a1e", "#b8433a", "#7a5aa6", "#4a9db3", "#8c8c8c", "#c46fa0")
INK = "#333"
GRID = "#e3e3e3"


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _svg(title: str, width: int, height: int, body: list[str]) -> Markup:
    t = escape(title)
    return Markup(
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" aria-label="{t}" xmlns="http://www.w3.org/2000/svg">'
        f"<title>{t}</title>{''.join(body)}</svg>"
    )


def _text(x: float, y: float, content, anchor: str = "middle", size: int = 12, fill: str = INK, cls: str = "") -> str:
    c = f' class="{cls}"' if cls else ""
    return f'<text x="{_num(x)}" y="{_num(y)}" text-anchor="{anchor}" font-size="{size}" fill="{fill}"{c}>{escape(content)}</text>'


def _axis(value: float) -> tuple[float, float]:
    """(top, step) for a value axis: step is 1/2/5 x 10^k with at most 5 ticks."""
    if value <= 0:
        return 1.0, 1.0
    scale = 10 ** math.floor(math.log10(value / 5)) if value >= 5 else 1
    step = next(m * scale for m in (1, 2, 5, 10) if m * scale * 5 >= value)
    return step * math.ceil(value / step), step


def _grid(body: list[str], top_value: float, step: float, left: int, right_x: float, top: int, plot_h: float, suffix: str = "") -> None:
    v = 0.0
    while v <= top_value + 1e-9:
        y = top + plot_h - plot_h * v / top_value
        body.append(f'<line x1="{left}" y1="{_num(y)}" x2="{_num(right_x)}" y2="{_num(y)}" stroke="{GRID}"/>')
        body.append(_text(left - 6, y + 4, _num(v) + suffix, anchor="end", size=11))
        v += step


def bar_chart(title: str, labels: list[str], values: list[float | None], unit: str = "", width: int = 760, height: int = 260,
              notes: list[str] | None = None) -> Markup:
    """Vertical bars with the value on top of each; None is drawn as 无数据.
    `notes` (e.g. "n=12") are written under the labels."""
    left, right, top, bottom = 56, 16, 20, 50 if notes else 36
    plot_w, plot_h = width - left - right, height - top - bottom
    top_value, step = _axis(max((v for v in values if v is not None), default=0))
    body: list[str] = []
    _grid(body, top_value, step, left, width - right, top, plot_h)
    n = max(len(values), 1)
    slot = plot_w / n
    bar_w = min(48, slot * 0.6)
    for i, (lab, v) in enumerate(zip(labels, values)):
        x = left + slot * i + (slot - bar_w) / 2
        if v is None:
            body.append(_text(x + bar_w / 2, top + plot_h - 4, "无数据", size=10, fill="#999"))
            body.append(_text(x + bar_w / 2, height - bottom + 16, lab, size=12))
            continue
        h = plot_h * (v / top_value) if top_value else 0
        body.append(f'<rect x="{_num(x)}" y="{_num(top + plot_h - h)}" width="{_num(bar_w)}" height="{_num(h)}" fill="{PALETTE[0]}"><title>{escape(lab)}：{escape(_num(v))}{escape(unit)}</title></rect>')
        body.append(_text(x + bar_w / 2, top + plot_h - h - 4, _num(v), size=11))
        body.append(_text(x + bar_w / 2, height - bottom + 16, lab, size=12))
    _notes(body, notes, [left + slot * i + slot / 2 for i in range(len(labels))], height - bottom + 30)
    return _svg(title, width, height, body)


def _notes(body: list[str], notes: list[str] | None, xs: list[float], y: float) -> None:
    for x, note in zip(xs, notes or []):
        body.append(_text(x, y, note, size=10, fill="#666", cls="chart-n"))


def stacked_chart(title: str, labels: list[str], series: list[tuple[str, list[float]]], percent: bool = False,
                  colors: tuple[str, ...] = PALETTE, width: int = 760, height: int = 280,
                  notes: list[str] | None = None) -> Markup:
    """Stacked vertical bars, one per label; `percent` scales each bar to 100%
    (a label whose total is 0 is drawn as 无数据); `notes` go under the labels."""
    left, right, top, bottom = 56, 16, 20, 78 if notes else 64
    plot_w, plot_h = width - left - right, height - top - bottom
    totals = [sum(s[1][i] for s in series) for i in range(len(labels))]
    top_value, step = (100.0, 25.0) if percent else _axis(max(totals, default=0))
    body: list[str] = []
    _grid(body, top_value, step, left, width - right, top, plot_h, "%" if percent else "")
    slot = plot_w / max(len(labels), 1)
    bar_w = min(48, slot * 0.6)
    for i, lab in enumerate(labels):
        x = left + slot * i + (slot - bar_w) / 2
        y = top + plot_h
        if not totals[i]:
            body.append(_text(x + bar_w / 2, top + plot_h - 4, "无数据", size=10, fill="#999"))
        for k, (name, values) in enumerate(series):
            v = values[i]
            share = (v / totals[i] * 100 if totals[i] else 0) if percent else v
            h = plot_h * share / top_value if top_value else 0
            y -= h
            tip = f"{lab} {name}：{_num(v)}" + (f"（{_num(share)}%）" if percent else "")
            body.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(bar_w)}" height="{_num(h)}" fill="{colors[k % len(colors)]}"><title>{escape(tip)}</title></rect>')
        body.append(_text(x + bar_w / 2, top + plot_h + 16, lab, size=12))
    _notes(body, notes, [left + slot * i + slot / 2 for i in range(len(labels))], top + plot_h + 30)
    body += _legend([s[0] for s in series], left, height - 26, width - left - right, colors)
    return _svg(title, width, height, body)


def _legend(names: list[str], x0: float, y: float, span: float, colors: tuple[str, ...] = PALETTE) -> list[str]:
    out = []
    step = min(max(span / max(len(names), 1), 70), 130)
    for k, name in enumerate(names):
        x = x0 + step * k
        out.append(f'<rect x="{_num(x)}" y="{_num(y - 10)}" width="12" height="12" fill="{colors[k % len(colors)]}"/>')
        out.append(_text(x + 16, y, name, anchor="start", size=12))
    return out


def heatmap(title: str, rows: list[str], columns: list[str], shares: list[list[float | None]], width: int = 760,
            notes: list[str] | None = None) -> Markup:
    """Rows x columns of shares 0..1, shaded, with the percentage written in;
    `notes` (e.g. "n=12") go under the column labels."""
    left, top, cell_h = 13 * max((len(r) for r in rows), default=4) + 16, 42 if notes else 28, 26
    cell_w = min(80, (width - left - 10) / max(len(columns), 1))
    height = top + cell_h * len(rows) + 8
    body = [_text(left + cell_w * (j + 0.5), top - (24 if notes else 10), col, size=12) for j, col in enumerate(columns)]
    _notes(body, notes, [left + cell_w * (j + 0.5) for j in range(len(columns))], top - 8)
    for i, row in enumerate(rows):
        y = top + cell_h * i
        body.append(_text(left - 8, y + cell_h / 2 + 4, row, anchor="end", size=12))
        for j, share in enumerate(shares[i]):
            x = left + cell_w * j
            if share is None:
                body.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w - 2)}" height="{cell_h - 2}" fill="#f6f6f6"/>')
                continue
            opacity = 0.08 + 0.92 * share
            body.append(f'<rect x="{_num(x)}" y="{_num(y)}" width="{_num(cell_w - 2)}" height="{cell_h - 2}" fill="{PALETTE[0]}" fill-opacity="{opacity:.2f}"><title>{escape(row)} {escape(columns[j])}：{share * 100:.0f}%</title></rect>')
            body.append(_text(x + (cell_w - 2) / 2, y + cell_h / 2 + 3, f"{share * 100:.0f}%", size=11, fill="#fff" if share > 0.5 else INK))
    return _svg(title, int(left + cell_w * len(columns) + 10), height, body)
