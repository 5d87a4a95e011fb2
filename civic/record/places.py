"""Where a deadline applies: the Bezirk (and the districts) a deadline belongs to.

An article names districts in passing (`die Verbotszonen, die sich in Neukölln bewährt haben` in an
article about Spandau), so "the article mentions Neukölln" is no answer to "what is due in
Neukölln?" (issue 18). The rule, used by every deadline filter (`civic deadlines --district`, the
database's canned query, the exports) through the deadline row view of `rows.py`:

1. the districts named in the deadline's own sentence, when it names any;
2. otherwise the article's main Bezirk: the Bezirk with the most mentions, counting the mentions of
   its Ortsteile, ties going to the one mentioned first; the deadline's districts are then the
   article's districts in that Bezirk.

The record has no per-deadline district field (record.md), so the sentence's districts are found
from offsets: a district mention belongs to the sentence when its text occurs in the deadline's
`sentence` at the place the offsets put it (the sentence is stored with whitespace collapsed, so a
few characters of play are allowed).
"""

from __future__ import annotations

from dataclasses import dataclass

_SLACK = 10  # characters of play per side for whitespace collapsed in `sentence`


@dataclass(frozen=True)
class Place:
    """The Bezirke (usually one) and the district names (Bezirke and Ortsteile) of one deadline."""

    bezirke: tuple[str, ...]
    districts: tuple[str, ...]


def _in_sentence(mention: dict, deadline: dict, date_at: int) -> bool:
    """Does this mention lie in the deadline's sentence? `date_at` is where the date starts in it."""
    sentence, text = deadline["sentence"], " ".join(mention["text"].split())
    at = sentence.find(text)
    while at >= 0:
        expected = deadline["start"] + (at - date_at)  # where the offsets would put this occurrence
        if abs(mention["start"] - expected) <= _SLACK + abs(at - date_at) // 10:
            return True
        at = sentence.find(text, at + 1)
    return False


def _date_position(record: dict, deadline: dict) -> int:
    """Where the deadline's date starts inside its (whitespace-collapsed) sentence."""
    date_text = next((" ".join(d["text"].split()) for d in record.get("dates", [])
                      if d["start"] == deadline["start"]), None)
    at = deadline["sentence"].find(date_text) if date_text else -1
    return max(at, 0)


def main_bezirk(record: dict) -> str | None:
    """The Bezirk the article is mainly about: most mentions (its Ortsteile' included), the first
    mentioned on a tie; None for an article that names no district."""
    counts: dict[str, int] = {}
    first: dict[str, int] = {}
    for district in record["districts"]:
        bezirk, mentions = district["bezirk"], district["mentions"]
        counts[bezirk] = counts.get(bezirk, 0) + max(len(mentions), 1)
        start = min((m["start"] for m in mentions), default=0)
        first[bezirk] = min(first.get(bezirk, start), start)
    if not counts:
        return None
    return min(counts, key=lambda b: (-counts[b], first[b]))


def deadline_place(record: dict, deadline: dict) -> Place:
    """The Bezirke and districts where `deadline` (one entry of record["deadlines"]) applies."""
    date_at = _date_position(record, deadline)
    named = [d for d in record["districts"] if any(_in_sentence(m, deadline, date_at) for m in d["mentions"])]
    if not named:
        bezirk = main_bezirk(record)
        named = [d for d in record["districts"] if d["bezirk"] == bezirk]
    bezirke = tuple(dict.fromkeys(d["bezirk"] for d in named))
    return Place(bezirke=bezirke, districts=tuple(d["name"] for d in named))
