"""A one-line-per-article overview of a record file, for the terminal."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from civic.record.files import iter_records


def summary_table(paths: Iterable[Path | str]) -> str:
    """Table of id, published, counts and the primary topic, plus totals."""
    header = f"{'id':<42} {'published':<10} {'ppl':>3} {'dates':>5} {'dl':>3} {'topic':<12} districts"
    lines = [header, "-" * len(header)]
    totals = {"docs": 0, "people": 0, "dates": 0, "deadlines": 0, "districts": 0}
    for r in iter_records(paths):
        topic = r["topics"][0]["label"] if r["topics"] else "-"
        districts = ", ".join(d["name"] for d in r["districts"])
        lines.append(f"{r['id'][:42]:<42} {r['source']['published'] or '-':<10} {len(r['people']):>3} "
                     f"{len(r['dates']):>5} {len(r['deadlines']):>3} {topic:<12} {districts[:60]}")
        totals["docs"] += 1
        for key in ("people", "dates", "deadlines", "districts"):
            totals[key] += len(r[key])
    lines.append("-" * len(header))
    lines.append(f"{totals['docs']} articles: {totals['people']} people, {totals['districts']} district "
                 f"entries, {totals['dates']} dates, {totals['deadlines']} deadlines")
    return "\n".join(lines)
