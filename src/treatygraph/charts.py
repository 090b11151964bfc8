"""Small charts drawn in Python as SVG (no system dependency, no JavaScript), like :mod:`treatygraph.pictures`.

:func:`year_bars` draws how a count spreads over the years (the citations of a
provision by the year of the citing act): one bar a year, the years with
nothing in between drawn empty so that gaps show. The SVG scales to its
container (``viewBox``, ``width="100%"``), so it stays legible from phone to
desktop; every bar has a ``<title>``, and the page gives the same numbers as a
table for those who cannot see the picture.
"""

from __future__ import annotations

from xml.sax.saxutils import escape, quoteattr

BAR = "#1f5fa8"
INK = "#1d1d1b"
MUTED = "#5f5a4e"


def year_range(counts: dict[int, int]) -> list[int]:
    """Every year from the first to the last with a count (gaps included)."""
    return list(range(min(counts), max(counts) + 1)) if counts else []


def year_bars(counts: dict[int, int], label: str, unit: str = "") -> str:
    """An SVG bar chart of ``{year: count}``; ``label`` names it (``<title>``, ``aria-label``)."""
    years = year_range(counts)
    if not years:
        return ""
    top = max(counts.values()) or 1
    slot = 28.0  # one bar's width and its gap
    left, right, head, foot, height = 30.0, 10.0, 18.0, 22.0, 140.0
    width = left + right + slot * len(years)
    total_h = head + height + foot
    every = max(1, round(len(years) / 12))  # a year label every n bars: legible when there are many
    parts = [f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width:.0f} {total_h:.0f}" width="100%" '
             f'style="max-width:{width * 1.5:.0f}px" role="img" aria-label={quoteattr(label)} '
             f'font-family="system-ui, sans-serif" font-size="11"><title>{escape(label)}</title>',
             f'<line x1="{left}" y1="{head + height}" x2="{width - right}" y2="{head + height}" stroke="{MUTED}"/>',
             f'<text x="{left - 4}" y="{head + 4}" text-anchor="end" fill="{MUTED}">{top}</text>',
             f'<text x="{left - 4}" y="{head + height}" text-anchor="end" fill="{MUTED}">0</text>']
    for i, year in enumerate(years):
        n = counts.get(year, 0)
        h = height * n / top
        x = left + i * slot + 4
        y = head + height - h
        parts.append(f'<g class="bar"><title>{year}: {n}{(" " + escape(unit)) if unit else ""}</title>'
                     f'<rect x="{x:.1f}" y="{y:.1f}" width="{slot - 8:.1f}" height="{h:.1f}" fill="{BAR}"/>')
        if n:
            parts.append(f'<text x="{x + (slot - 8) / 2:.1f}" y="{y - 3:.1f}" text-anchor="middle" fill="{INK}">{n}</text>')
        parts.append('</g>')
        if i % every == 0 or i == len(years) - 1:
            parts.append(f'<text x="{x + (slot - 8) / 2:.1f}" y="{head + height + 15}" text-anchor="middle" '
                         f'fill="{MUTED}">{year}</text>')
    parts.append('</svg>')
    return "".join(parts)


__all__ = ["year_bars", "year_range"]
