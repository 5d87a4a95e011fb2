"""Dates in German text, found by our own grammar and resolved against the published date.

Finding: every rule of `resources/dates/rules.txt` runs as one compiled regex over the text;
candidates that overlap a `negative` rule (paragraphs, versions, times, phones, prices) are
dropped, and of overlapping candidates the longest wins. Resolving follows record.md: a date
without year takes the year nearest to the published date (the weekday, when given, decides
between candidate years), two-digit years are 20xx, a bare weekday is its next occurrence after
the published date, invalid days (31.02.) are not dates, and without a published date relative
dates get `value: null`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.components.date_rules import DateRule, load_rules
from civic.analyse.extensions import text_of
from civic.resource_files import read_json, read_tsv

_TRAILING_NUMBER = re.compile(r"[ \t]+[0-9]{3,}(?![0-9.,:])")


@lru_cache(maxsize=1)
def _tables() -> tuple[dict[str, int], dict[str, int], dict[str, int]]:
    months = {row["form"]: int(row["month"]) for row in read_tsv("dates/months.tsv")}
    weekdays = {row["form"]: int(row["weekday"]) for row in read_tsv("dates/weekdays.tsv")}
    relative = {row["word"]: int(row["offset"]) for row in read_tsv("dates/relative.tsv")}
    return months, weekdays, relative


def _month(value: str | None) -> int | None:
    if value is None:
        return None
    if value.isdigit():
        return int(value)
    return _tables()[0].get(value)


def _year(value: str | None) -> int | None:
    if value is None:
        return None
    year = int(value)
    return 2000 + year if len(value) == 2 else year


def _safe_date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_exists(month: int, day: int) -> bool:
    return _safe_date(2024, month, day) is not None  # 2024 is a leap year: 29.02. may exist


def resolve_day(
    day: int, month: int, year: int | None, published: dt.date | None, weekday: int | None = None
) -> tuple[dt.date | None, bool]:
    """(date, valid). Without a year: the candidate year nearest to `published` (weekday decides
    when given). Invalid days are (None, False); a yearless day without published is (None, True)."""
    if year is not None:
        date = _safe_date(year, month, day)
        return date, date is not None
    if not _day_exists(month, day):
        return None, False
    if published is None:
        return None, True
    candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                  if (d := _safe_date(y, month, day)) is not None]
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        candidates = [d for d in candidates if d.weekday() == weekday]
    return min(candidates, key=lambda d: (abs((d - published).days), d)), True


_BACKWARD_MODIFIERS = ("vergangenen", "vergangenem", "letzten", "letztem")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]")
_WORD = re.compile(r"[\w-]+")


@lru_cache(maxsize=1)
def _past_tense() -> tuple[frozenset[str], tuple[str, ...], frozenset[str], frozenset[str]]:
    data = read_json("dates/past_tense.json")
    return (frozenset(data["forms"]), tuple(data["weak_suffixes"]), frozenset(data["not_verbs"]),
            frozenset(data["not_after"]))


def in_past_tense_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around text[start:end] has a past-tense finite verb (`Am Montag feierte
    …`, `Der Bezirk stellte am Montag … vor`): then a bare weekday is the one before publication.
    The lexicon and its exceptions are in resources/dates/past_tense.json."""
    forms, suffixes, not_verbs, not_after = _past_tense()
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    stop = _CLAUSE_BREAK.search(text, end, end + 200)
    hi = stop.start() if stop else min(len(text), end + 200)
    previous = ""
    for m in _WORD.finditer(text, lo, hi):
        word = m.group(0)
        if not (start <= m.start() < end) and word.islower() and word.isalpha() and (
                word in forms or len(word) >= 5 and word.endswith(suffixes) and word not in not_verbs
                and previous not in not_after):
            return True
        previous = word.lower()
    return False


def next_weekday(published: dt.date, weekday: int, direction: int = 1) -> dt.date:
    """The next (or, with direction -1, the previous) occurrence strictly after/before published."""
    delta = (weekday - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=delta) if direction > 0 else published - dt.timedelta(days=(7 - delta) or 7)


def _entry(text: str, start: int, end: int, value, value_end=None, relative: bool = False) -> dict:
    return {
        "text": text[start:end], "start": start, "end": end,
        "value": value.isoformat() if value else None,
        "value_end": value_end.isoformat() if value_end else None,
        "granularity": "day", "relative": relative,
    }


def _resolve(match: re.Match, text: str, published: dt.date | None) -> list[dict] | None:
    """Turn one rule match into date entries, or None when it is not a valid date."""
    g = match.groupdict()
    months, weekdays, relative = _tables()
    start, end = match.span()

    if g.get("rel") or g.get("relcap"):
        word = (g.get("rel") or g["relcap"]).lower()
        value = published + dt.timedelta(days=relative[word]) if published else None
        return [_entry(text, start, end, value, relative=True)]

    if g.get("nwd") or g.get("nwd2"):
        weekday = weekdays[g.get("nwd") or g["nwd2"]]
        value = None
        if published:
            monday_next = published - dt.timedelta(days=published.weekday()) + dt.timedelta(days=7)
            value = monday_next + dt.timedelta(days=weekday)
        return [_entry(text, start, end, value, relative=True)]

    if g.get("wd1"):  # von Mittwoch bis Freitag: the next such stretch
        value = value_end = None
        if published:
            value = next_weekday(published, weekdays[g["wd1"]])
            value_end = value + dt.timedelta(days=(weekdays[g["wd2"]] - value.weekday()) % 7)
        return [_entry(text, start, end, value, value_end, relative=True)]

    if g.get("wd") and g.get("d") is None:
        weekday = weekdays[g["wd"]]
        mod = g.get("mod")
        backwards = mod in _BACKWARD_MODIFIERS if mod else in_past_tense_clause(text, start, end)
        value = next_weekday(published, weekday, -1 if backwards else 1) if published else None
        return [_entry(text, start, end, value, relative=True)]

    if g.get("d2"):
        m2, y2 = _month(g["m2"]), _year(g.get("y2"))
        m1 = _month(g.get("m1")) or m2
        y1 = _year(g.get("y1"))
        day1, day2 = int(g["d1"]), int(g["d2"])
        if y1 is None and y2 is None:
            date_end, ok_end = resolve_day(day2, m2, None, published)
        else:
            date_end, ok_end = resolve_day(day2, m2, y2 or y1, published)
        if not ok_end:
            return None
        if date_end is None:
            ok_start = _day_exists(m1, day1)
            return [_entry(text, start, end, None)] if ok_start else None
        year1 = y1 or (date_end.year if (m1, day1) <= (m2, day2) else date_end.year - 1)
        date_start = _safe_date(year1, m1, day1)
        if date_start is None or date_start > date_end:
            return None
        return [_entry(text, start, end, date_start, date_end)]

    if g.get("d"):
        month, year = _month(g["m"]), _year(g.get("y"))
        weekday = weekdays.get(g["wd"]) if g.get("wd") else None
        last, ok = resolve_day(int(g["d"]), month, year, published, weekday)
        if not ok:
            return None
        entries = []
        if g.get("dl"):
            list_start = match.start("dl")
            for day_match in re.finditer(r"\d+", g["dl"]):
                day = int(day_match.group(0))
                if last is not None:
                    value = _safe_date(last.year, month, day)
                    if value is None:
                        return None
                elif not _day_exists(month, day):
                    return None
                else:
                    value = None
                s = list_start + day_match.start()
                entries.append(_entry(text, s if entries else start, list_start + day_match.end() + 1, value))
            entries.append(_entry(text, match.start("d"), end, last))
            return entries
        return [_entry(text, start, end, last)]
    return None


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
    candidates: list[tuple[int, int, int, re.Match]] = []
    for order, rule in enumerate(rules):
        for match in rule.regex.finditer(text):
            if match.end() == match.start():
                continue
            if rule.negative:  # a (?P<neg…>…) group narrows the blocked part to itself (context stays free)
                lo, hi = _negative_span(match)
                blocked[lo:hi] = b"\x01" * (hi - lo)
            else:
                candidates.append((match.start(), match.end(), order, match))
    candidates.sort(key=lambda c: (-(c[1] - c[0]), c[0], c[2]))
    taken = bytearray(len(text))
    results: list[dict] = []
    groups: list[tuple[list[dict], bool]] = []  # each match's entries, and whether it wrote a year
    for start, end, _, match in candidates:
        if blocked.find(1, start, end) >= 0 or taken.find(1, start, end) >= 0:
            continue
        if start > 0 and (text[start - 1].isalnum() or text[start - 1] in ".,/"):
            continue
        if end < len(text) and (text[end].isalnum() or (text[end] == "." and text[end + 1 : end + 2].isdigit())):
            continue
        taken[start:end] = b"\x01" * (end - start)
        if _TRAILING_NUMBER.match(text, end):  # "3. Mai 99999": an impossible year, not a yearless date
            continue
        resolved = _resolve(match, text, pub)
        if resolved is not None:  # an invalid date (31.02.) still blocks its shorter readings
            results.extend(resolved)
            groups.append((resolved, any(match.groupdict().get(k) for k in ("y", "y1", "y2"))))
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
            out[key] = _safe_date(day.year + years, day.month, day.day)
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
