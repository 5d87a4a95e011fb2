"""The published day from the article's own head, for inputs that give none (issue 18).

A .txt file without `--published` lost every yearless date; yet press releases name their day
near the top. Two kinds of evidence, tried on the first lines only, first match wins:

- EXAMPLE `Pressemitteilung vom 13.02.2020` / `Pressemitteilung Nr. 412 vom 3. März 2021`
- EXAMPLE `Spandau, 03.12.2026.` (a dateline: a place name, a comma, a full numeric date)

Negative: a date further down (`Die Sitzung am 03.12.2026 …`) is the article's content, not its
day, so only the head is read, and a dateline needs the line to start with the place.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from civic.resource_files import read_tsv

HEAD_CHARS = 600  # the head of an article: a title, a dateline or a release line, a first sentence
_DAY = r"(?P<day>\d{1,2})\.\s?(?:(?P<month>\d{1,2})\.\s?|(?P<month_name>[A-Za-zÄäÖöÜü]+)\s)(?P<year>\d{4})"
RULES = (
    ("press-release", re.compile(r"Pressemitteilung(?:\s+Nr\.\s*\d+)?\s+vom\s+" + _DAY)),
    ("dateline", re.compile(r"(?m)^[A-ZÄÖÜ][\w.-]+(?:[ -][A-ZÄÖÜ][\w.-]+){0,3},\s+(?P<day>\d{1,2})\."
                            r"(?P<month>\d{1,2})\.(?P<year>\d{4})\b(?P<month_name>)")),
)


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    """Month names to numbers, from the date rules' own table (resources/dates/months.tsv)."""
    return {row["form"].lower(): int(row["month"]) for row in read_tsv("dates/months.tsv")}


def find_dateline(text: str) -> str | None:
    """The day (YYYY-MM-DD) a press-release line or a dateline in the head of `text` names."""
    head = text[:HEAD_CHARS]
    for _, rule in RULES:
        for m in rule.finditer(head):
            month = int(m["month"]) if m["month"] else _months().get((m["month_name"] or "").lower())
            try:
                return dt.date(int(m["year"]), month or 0, int(m["day"])).isoformat()
            except ValueError:
                continue
    return None
