"""Columns by their header text: what each column of a table is, read from the header rows above its figures.

The template's headers are several rows of merged cells. Readers put a merged
cell's text in its first column and leave the columns it covers blank, so a
label covers the columns to its right up to the next label in its row — and
never past a label that starts in a row above, which is where its parent ends.
"""

from __future__ import annotations

from collections.abc import Sequence

from etl.document import Row
from etl.text import compact


def column_paths(header: Sequence[Row], width: int) -> list[tuple[str, ...]]:
    """Each column's labels, outermost first: ("预算数", "公务用车购置及运行费", "公务用车购置费")."""
    paths: list[list[str]] = [[] for _ in range(width)]
    bounds = {0, width}
    for row in header:
        cells = [compact(c) for c in row.cells[:width]]
        starts = [j for j, c in enumerate(cells) if c]
        bounds |= set(starts)
        for j in starts:
            end = min(b for b in bounds if b > j)
            for k in range(j, end):
                paths[k].append(cells[j])
    return [tuple(p) for p in paths]
