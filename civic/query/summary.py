"""A one-line-per-article overview of a record file, for the terminal."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from pathlib import Path

from civic.record.files import iter_records
from civic.record.rows import document_row

DISTRICTS_WIDTH = 60


def _names_within(names: str, width: int) -> str:
    """The comma-joined district names that fit in `width`, whole names only, then `+N` for the
    rest: a name cut mid-word (`Alt-Hohensc`) reads as a wrong district (issue 18)."""
    parts = [n for n in names.split(", ") if n]
    shown: list[str] = []
    for i, name in enumerate(parts):
        rest = len(parts) - i - 1
        candidate = ", ".join([*shown, name]) + (f" +{rest}" if rest else "")
        if len(candidate) > width and shown:
            return ", ".join(shown) + f" +{len(parts) - i}"
        shown.append(name)
    return ", ".join(shown)


def summary_table(paths: Iterable[Path | str]) -> str:
    """Table of id, published, counts and the primary topic, plus totals."""
    header = f"{'id':<42} {'published':<10} {'ppl':>3} {'dates':>5} {'dl':>3} {'topic':<12} districts"
    lines = [header, "-" * len(header)]
    totals = {"docs": 0, "people": 0, "dates": 0, "deadlines": 0, "districts": 0}
    origins: Counter[str] = Counter()
    for record in iter_records(paths):
        doc = document_row(record)
        lines.append(f"{doc['document_id'][:42]:<42} {doc['published'] or '-':<10} {doc['n_people']:>3} "
                     f"{doc['n_dates']:>5} {doc['n_deadlines']:>3} {doc['primary_topic'] or '-':<12} "
                     f"{_names_within(doc['districts'], DISTRICTS_WIDTH)}")
        totals["docs"] += 1
        for key in ("people", "dates", "deadlines"):
            totals[key] += doc[f"n_{key}"]
        totals["districts"] += len(record["districts"])
        source = record["source"]
        origins[source.get("published_from") or ("unknown" if source.get("published") else "none")] += 1
    lines.append("-" * len(header))
    lines.append(f"{totals['docs']} articles: {totals['people']} people, {totals['districts']} district "
                 f"entries, {totals['dates']} dates, {totals['deadlines']} deadlines")
    # where each published day came from, so a reader knows which days a dateline supplied
    lines.append("published from: " + ", ".join(f"{k} {n}" for k, n in sorted(origins.items())))
    return "\n".join(lines)
