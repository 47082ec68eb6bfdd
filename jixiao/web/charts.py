"""Charts drawn on the server as inline SVG.

No JavaScript chart library: the pages work without network access, print well, are readable
by screen readers (each chart has a <title>/<desc> and the numbers are also in a table or
legend), and stay small. Horizontal bars because department and unit names are long Chinese
strings that do not fit under vertical bars.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from decimal import Decimal
from html import escape

from markupsafe import Markup

Number = int | float | Decimal

# Fill colours chosen for ≥ 3:1 contrast against white (WCAG non-text contrast).
PALETTE = ("#1d5fbf", "#0f7b6c", "#b35900", "#8e3bb5", "#b3261e", "#4d6b00", "#0b6e99", "#6b4f00")
GRADE_COLOURS = {"优": "#1a7f37", "良": "#1d5fbf", "中": "#b35900", "差": "#b3261e"}


def _fmt(value: Number, decimals: int = 0) -> str:
    return f"{float(value):,.{decimals}f}"


def _short(label: str, limit: int = 14) -> str:
    return label if len(label) <= limit else label[: limit - 1] + "…"


def bar_chart(
    items: Sequence[tuple[str, Number]],
    title: str,
    unit: str = "",
    decimals: int = 0,
    width: int = 560,
) -> Markup:
    """Horizontal bar chart; labels left, values right of each bar."""
    row, label_w, value_w, top = 28, 190, 110, 8
    height = top * 2 + row * max(1, len(items))
    plot_w = width - label_w - value_w
    peak = max((float(v) for _, v in items), default=0.0) or 1.0
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" role="img" '
        f'preserveAspectRatio="xMinYMin meet" aria-label="{escape(title)}">',
        f"<title>{escape(title)}</title>",
    ]
    if not items:
        parts.append(f'<text x="8" y="{top + 18}" class="chart-label">暂无数据</text>')
    for i, (label, value) in enumerate(items):
        y = top + i * row
        bar = max(2.0, plot_w * float(value) / peak) if float(value) > 0 else 0.0
        text = f"{_fmt(value, decimals)}{unit}"
        parts.append(
            f"<g><title>{escape(label)}：{escape(text)}</title>"
            f'<text x="{label_w - 8}" y="{y + 18}" text-anchor="end" class="chart-label">'
            f"{escape(_short(label))}</text>"
            f'<rect x="{label_w}" y="{y + 5}" width="{bar:.1f}" height="{row - 10}" rx="3" '
            f'fill="{PALETTE[0]}"/>'
            f'<text x="{label_w + bar + 6:.1f}" y="{y + 18}" class="chart-value">'
            f"{escape(text)}</text></g>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def pie_chart(
    items: Sequence[tuple[str, Number]],
    title: str,
    colours: dict[str, str] | None = None,
    size: int = 180,
) -> Markup:
    """A donut chart with an HTML legend carrying the numbers (so no text sits on colour)."""
    total = sum(float(v) for _, v in items)
    r, cx, cy, hole = size / 2 - 4, size / 2, size / 2, size / 4
    parts = [
        f'<div class="pie"><svg class="chart" viewBox="0 0 {size} {size}" width="{size}" '
        f'height="{size}" role="img" aria-label="{escape(title)}"><title>{escape(title)}</title>'
    ]
    angle = -math.pi / 2
    legend = []
    for i, (label, value) in enumerate(items):
        colour = (colours or {}).get(label, PALETTE[i % len(PALETTE)])
        share = float(value) / total if total else 0.0
        pct = f"{share * 100:.1f}%"
        legend.append(
            f'<li><span class="swatch" style="background:{colour}"></span>'
            f"{escape(label)}　<strong>{_fmt(value)}</strong>（{pct}）</li>"
        )
        if share <= 0:
            continue
        if share >= 0.9999:
            parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="{colour}"/>')
            continue
        end = angle + share * 2 * math.pi
        x1, y1 = cx + r * math.cos(angle), cy + r * math.sin(angle)
        x2, y2 = cx + r * math.cos(end), cy + r * math.sin(end)
        large = 1 if share > 0.5 else 0
        parts.append(
            f'<path d="M{cx},{cy} L{x1:.2f},{y1:.2f} A{r},{r} 0 {large} 1 {x2:.2f},{y2:.2f} Z" '
            f'fill="{colour}"><title>{escape(label)}：{_fmt(value)}（{pct}）</title></path>'
        )
        angle = end
    if not total:
        parts.append(f'<circle cx="{cx}" cy="{cy}" r="{r}" fill="#d0d7de"/>')
    parts.append(f'<circle cx="{cx}" cy="{cy}" r="{hole}" fill="#fff"/></svg>')
    parts.append(f'<ul class="legend">{"".join(legend)}</ul></div>')
    return Markup("".join(parts))
