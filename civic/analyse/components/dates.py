"""Dates in German text, found by our own grammar and resolved against the published date.

Finding: every rule of `resources/dates/rules.txt` runs as one compiled regex over the text;
candidates that overlap a `negative` rule (paragraphs, versions, times, phones, prices) are
dropped, and of overlapping candidates the longest wins. Resolving is data: each rule's `value:`
line names the value function (`date_values.py`, the rules of record.md) that computes its days
from its groups; here only a list's year is shared across the list (`_share_list_years`).
"""

from __future__ import annotations

import datetime as dt
import re

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.components.date_rules import DateRule, load_rules
from civic.analyse.components.date_values import Found, safe_date
from civic.analyse.extensions import text_of

_TRAILING_NUMBER = re.compile(r"[ \t]+[0-9]{3,}(?![0-9.,:])")


def _resolve(rule: DateRule, match: re.Match, text: str, published: dt.date | None) -> list[dict] | None:
    """Turn one rule match into date entries by the rule's value function (its `value:` line),
    or None when it is not a valid date."""
    call = rule.value
    return call.function.compute(Found(text, *match.span(), published), *call.args(match))


def _negative_span(match: re.Match) -> tuple[int, int]:
    """What a negative rule blocks: its matched `neg`, `neg2`, … group, or the whole match."""
    for name, value in match.groupdict().items():
        if name.startswith("neg") and value is not None:
            return match.span(name)
    return match.span()


def find_dates(text: str, published: str | None, rules: tuple[DateRule, ...] | None = None) -> list[dict]:
    """All dates of `text` as record entries (offsets into `text`), in text order."""
    rules = rules or load_rules()
    pub = dt.date.fromisoformat(published) if published else None
    # character masks instead of interval lists keep long texts linear
    blocked = bytearray(len(text))
    candidates: list[tuple[int, int, int, DateRule, re.Match]] = []
    for order, rule in enumerate(rules):
        for match in rule.regex.finditer(text):
            if match.end() == match.start():
                continue
            if rule.negative:  # a (?P<neg…>…) group narrows the blocked part to itself (context stays free)
                lo, hi = _negative_span(match)
                blocked[lo:hi] = b"\x01" * (hi - lo)
            else:
                candidates.append((match.start(), match.end(), order, rule, match))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken = bytearray(len(text))
    results: list[dict] = []
    groups: list[tuple[list[dict], bool]] = []  # each match's entries, and whether it wrote a year
    for start, end, _, rule, match in candidates:
        if blocked.find(1, start, end) >= 0 or taken.find(1, start, end) >= 0:
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,/"):
            continue
        if end < len(text) and (text[end].isalnum() or (text[end] == "." and text[end + 1 : end + 2].isdigit())):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if _TRAILING_NUMBER.match(text, end):  # "3. Mai 99999": an impossible year, not a yearless date
            continue
        resolved = _resolve(rule, match, text, pub)
        if resolved is not None:  # an invalid date (31.02.) still blocks its shorter readings
            results.extend(resolved)
            groups.append((resolved, rule.value.wrote_year(match)))
    _share_list_years(text, groups)
    results.sort(key=lambda e: e["start"])
    return results


_LIST_GLUE = re.compile(r"\s*(?:,|und|sowie|oder|bzw\.)\s*(?:(?:vom|von|am|ab|bis)\s+)?")


def _share_list_years(text: str, groups: list[tuple[list[dict], bool]]) -> None:
    """`vom 13. bis 24. Juli und vom 3. bis 14. August 2026`: a date without a year in a list takes
    the year written at the list's end (not the year nearest to publication), when it comes earlier
    in that year. Works right to left, so a year carries over a whole list."""
    groups.sort(key=lambda g: g[0][0]["start"])
    for i in range(len(groups) - 2, -1, -1):
        (entries, explicit), (following, next_explicit) = groups[i], groups[i + 1]
        if explicit or not next_explicit or entries[0]["relative"] or following[0]["relative"]:
            continue
        if not entries[-1]["value"] or not following[0]["value"]:
            continue
        if not _LIST_GLUE.fullmatch(text, entries[-1]["end"], following[0]["start"]):
            continue
        target = dt.date.fromisoformat(following[0]["value"])
        last = dt.date.fromisoformat(entries[-1]["value_end"] or entries[-1]["value"])
        shift = target.year - last.year
        if shift == 0 or (last.month, last.day) > (target.month, target.day):
            continue
        moved = [_moved(e, shift) for e in entries]
        if all(moved):
            for entry, new in zip(entries, moved, strict=True):
                entry.update(new)
            groups[i] = (entries, True)


def _moved(entry: dict, years: int) -> dict | None:
    """The entry's value (and value_end) moved by whole years, or None for a 29 February that is not."""
    out = {}
    for key in ("value", "value_end"):
        if entry[key]:
            day = dt.date.fromisoformat(entry[key])
            out[key] = safe_date(day.year + years, day.month, day.day)
            if out[key] is None:
                return None
            out[key] = out[key].isoformat()
    return out


class DateRecognizer:
    """Writes `doc._.dates`: the record's date entries with offsets into doc.text."""

    def __init__(self, name: str = "civic_dates") -> None:
        self.name = name
        self.rules = load_rules()

    def __call__(self, doc: Doc) -> Doc:
        doc._.dates = find_dates(text_of(doc), doc._.published, self.rules)
        return doc


@Language.factory("civic_dates")
def make_dates(nlp: Language, name: str) -> DateRecognizer:
    return DateRecognizer(name)
