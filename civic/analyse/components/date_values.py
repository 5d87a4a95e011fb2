"""The value functions of the date grammar: how a rule's regex groups become calendar days.

Each rule of `resources/dates/rules.txt` names one of these in its `value:` line (HeidelTime's
NORM idea), so a new rule of a known shape is only data. A function receives the match's span
and one `Arg` per parameter (the group the rule bound to it, or an empty `Arg` when the rule has
none) and returns the record's date entries, or None when the match is not a valid date.
Resolving follows record.md: a date without year takes the year nearest to the published date
(the weekday, when given, decides between candidate years), two-digit years are 20xx, a bare
weekday is its next occurrence after the published date (the one before when its clause is in
the past tense), invalid days (31.02.) are not dates, and without a published date relative dates
get `value: null`.
"""

from __future__ import annotations

import datetime as dt
import inspect
import re
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache

from civic.resource_files import read_json, read_tsv


@dataclass(frozen=True)
class Arg:
    """One parameter's group in a match: its text (None when it did not take part) and span."""

    text: str | None = None
    start: int = -1
    end: int = -1


@dataclass(frozen=True)
class Found:
    """What every value function needs besides its groups: the text, the match's span, the day."""

    text: str
    start: int
    end: int
    published: dt.date | None


Entries = list[dict] | None


@dataclass(frozen=True)
class ValueFunction:
    """A named value function with the parameters a rule's `value:` line binds to groups."""

    name: str
    compute: Callable[..., Entries]
    params: tuple[str, ...]
    optional: frozenset[str]  # params a rule may leave unbound (`_`, or left out at the end)
    years: frozenset[str]  # params holding a written year: such a date does not take a list's year


VALUE_FUNCTIONS: dict[str, ValueFunction] = {}


def _value_function(name: str, optional: tuple[str, ...] = (), years: tuple[str, ...] = ()) -> Callable:
    """Register `compute` under `name`; its parameters after `found` are what `value:` binds."""
    def register(compute: Callable[..., Entries]) -> Callable[..., Entries]:
        params = tuple(list(inspect.signature(compute).parameters)[1:])
        VALUE_FUNCTIONS[name] = ValueFunction(name, compute, params, frozenset(optional), frozenset(years))
        return compute
    return register


# --- tables and calendar arithmetic -------------------------------------------------------

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


def safe_date(year: int, month: int, day: int) -> dt.date | None:
    """The day, or None when it does not exist (31.02.)."""
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _day_exists(month: int, day: int) -> bool:
    return safe_date(2024, month, day) is not None  # 2024 is a leap year: 29.02. may exist


def resolve_day(
    day: int, month: int, year: int | None, published: dt.date | None, weekday: int | None = None
) -> tuple[dt.date | None, bool]:
    """(date, valid). Without a year: the candidate year nearest to `published` (weekday decides
    when given). Invalid days are (None, False); a yearless day without published is (None, True)."""
    if year is not None:
        date = safe_date(year, month, day)
        return date, date is not None
    if not _day_exists(month, day):
        return None, False
    if published is None:
        return None, True
    candidates = [d for y in (published.year - 1, published.year, published.year + 1)
                  if (d := safe_date(y, month, day)) is not None]
    if weekday is not None and any(d.weekday() == weekday for d in candidates):
        candidates = [d for d in candidates if d.weekday() == weekday]
    return min(candidates, key=lambda d: (abs((d - published).days), d)), True


def next_weekday(published: dt.date, weekday: int, direction: int = 1) -> dt.date:
    """The next (or, with direction -1, the previous) occurrence strictly after/before published."""
    delta = (weekday - published.weekday()) % 7 or 7
    return published + dt.timedelta(days=delta) if direction > 0 else published - dt.timedelta(days=(7 - delta) or 7)


_BACKWARD_MODIFIERS = ("vergangenen", "vergangenem", "letzten", "letztem")
_CLAUSE_BREAK = re.compile(r"[.!?;:,\n]")
_WORD = re.compile(r"[\w-]+")


@dataclass(frozen=True)
class _PastTense:
    """resources/dates/past_tense.json: simple past forms and suffixes, perfect auxiliaries and
    participle shapes, each with its exceptions."""

    forms: frozenset[str]
    suffixes: tuple[str, ...]
    not_verbs: frozenset[str]
    not_after: frozenset[str]
    auxiliaries: frozenset[str]
    participle_prefixes: tuple[str, ...]
    participle_suffixes: tuple[str, ...]
    not_participles: frozenset[str]


@lru_cache(maxsize=1)
def _past_tense() -> _PastTense:
    data = read_json("dates/past_tense.json")
    return _PastTense(
        frozenset(data["forms"]), tuple(data["weak_suffixes"]), frozenset(data["not_verbs"]),
        frozenset(data["not_after"]), frozenset(data["perfect_auxiliaries"]),
        tuple(data["participle_prefixes"]), tuple(data["participle_suffixes"]), frozenset(data["not_participles"]),
    )


def _is_participle(word: str, previous: str, lex: _PastTense) -> bool:
    """`eröffnet`, `übergeben`, `informiert`; not an infinitive after `zu` (`sich zu beteiligen`)."""
    if len(word) < 5 or word in lex.not_participles or previous == "zu":
        return False
    return word.endswith("iert") or word.startswith(lex.participle_prefixes) and word.endswith(lex.participle_suffixes)


def in_past_tense_clause(text: str, start: int, end: int) -> bool:
    """Whether the clause around text[start:end] tells of the past: a simple-past finite verb (`Am
    Montag feierte …`, `Der Bezirk stellte am Montag … vor`) or the perfect (`… hat am Mittwoch den
    Standort eröffnet`). Then a bare weekday is the last one up to publication.
    The lexicon and its exceptions are in resources/dates/past_tense.json."""
    lex = _past_tense()
    lo = max((m.end() for m in _CLAUSE_BREAK.finditer(text, max(0, start - 200), start)), default=max(0, start - 200))
    stop = _CLAUSE_BREAK.search(text, end, end + 200)
    hi = stop.start() if stop else min(len(text), end + 200)
    previous, auxiliary, participle = "", False, False
    for m in _WORD.finditer(text, lo, hi):
        word = m.group(0)
        if not (start <= m.start() < end) and word.islower() and word.isalpha():
            if word in lex.forms or len(word) >= 5 and word.endswith(lex.suffixes) and word not in lex.not_verbs \
                    and previous not in lex.not_after:
                return True
            auxiliary = auxiliary or word in lex.auxiliaries
            participle = participle or _is_participle(word, previous, lex)
        previous = word.lower()
    return auxiliary and participle


def _entry(text: str, start: int, end: int, value, value_end=None, relative: bool = False) -> dict:
    return {
        "text": text[start:end], "start": start, "end": end,
        "value": value.isoformat() if value else None,
        "value_end": value_end.isoformat() if value_end else None,
        "granularity": "day", "relative": relative,
    }


# --- the value functions ---------------------------------------------------------------------

@_value_function("day", optional=("y", "wd"), years=("y",))
def day(found: Found, d: Arg, m: Arg, y: Arg, wd: Arg) -> Entries:
    """One calendar day; a written weekday chooses between candidate years."""
    weekday = _tables()[1].get(wd.text) if wd.text else None
    value, ok = resolve_day(int(d.text), _month(m.text), _year(y.text), found.published, weekday)
    return [_entry(found.text, found.start, found.end, value)] if ok else None


@_value_function("days", optional=("y",), years=("y",))
def days(found: Found, dl: Arg, d: Arg, m: Arg, y: Arg) -> Entries:
    """A list of days of one month (`am 5., 12. und 19. Mai`): the earlier days `dl` take the
    month and year of the last day; one entry per day."""
    text, month = found.text, _month(m.text)
    last, ok = resolve_day(int(d.text), month, _year(y.text), found.published)
    if not ok:
        return None
    entries = []
    for day_match in re.finditer(r"\d+", dl.text):
        number = int(day_match.group(0))
        if last is not None:
            value = safe_date(last.year, month, number)
            if value is None:
                return None
        elif not _day_exists(month, number):
            return None
        else:
            value = None
        s = dl.start + day_match.start()
        entries.append(_entry(text, s if entries else found.start, dl.start + day_match.end() + 1, value))
    entries.append(_entry(text, d.start, found.end, last))
    return entries


@_value_function("range", optional=("m1", "y1", "y2"), years=("y1", "y2"))
def day_range(found: Found, d1: Arg, m1: Arg, y1: Arg, d2: Arg, m2: Arg, y2: Arg) -> Entries:
    """A range of days; the start takes the end's month when it has none, and the end's year
    (or the year before, when its day comes later in the year) when it has none."""
    month2, year2 = _month(m2.text), _year(y2.text)
    month1 = _month(m1.text) or month2
    year1 = _year(y1.text)
    day1, day2 = int(d1.text), int(d2.text)
    date_end, ok_end = resolve_day(day2, month2, year2 or year1, found.published)
    if not ok_end:
        return None
    if date_end is None:
        return [_entry(found.text, found.start, found.end, None)] if _day_exists(month1, day1) else None
    start_year = year1 or (date_end.year if (month1, day1) <= (month2, day2) else date_end.year - 1)
    date_start = safe_date(start_year, month1, day1)
    if date_start is None or date_start > date_end:
        return None
    return [_entry(found.text, found.start, found.end, date_start, date_end)]


@_value_function("relative")
def relative_day(found: Found, word: Arg) -> Entries:
    """heute, morgen, gestern …: the published day moved by the word's offset in relative.tsv."""
    offset = _tables()[2][word.text.lower()]
    value = found.published + dt.timedelta(days=offset) if found.published else None
    return [_entry(found.text, found.start, found.end, value, relative=True)]


@_value_function("weekday", optional=("mod",))
def weekday(found: Found, wd: Arg, mod: Arg) -> Entries:
    """A weekday after publication, or before it when the modifier looks back (`vergangenen`,
    `letzten`: a week back on that very weekday) or, without a modifier, when its clause is in the
    past tense (then the published day itself when it is that weekday)."""
    day = _tables()[1][wd.text]
    past_clause = not mod.text and in_past_tense_clause(found.text, found.start, found.end)
    if not found.published:
        value = None
    elif past_clause and found.published.weekday() == day:
        value = found.published  # a release of Wednesday telling what was opened "am Mittwoch": that day
    else:
        backwards = mod.text in _BACKWARD_MODIFIERS or past_clause
        value = next_weekday(found.published, day, -1 if backwards else 1)
    return [_entry(found.text, found.start, found.end, value, relative=True)]


@_value_function("next_week")
def weekday_next_week(found: Found, wd: Arg) -> Entries:
    """The weekday of the calendar week after the published day's (`nächste Woche Mittwoch`)."""
    value = None
    if found.published:
        monday_next = found.published - dt.timedelta(days=found.published.weekday()) + dt.timedelta(days=7)
        value = monday_next + dt.timedelta(days=_tables()[1][wd.text])
    return [_entry(found.text, found.start, found.end, value, relative=True)]


@_value_function("weekday_range")
def weekday_range(found: Found, wd1: Arg, wd2: Arg) -> Entries:
    """`von Mittwoch bis Freitag`: the next such stretch after the published day."""
    weekdays = _tables()[1]
    value = value_end = None
    if found.published:
        value = next_weekday(found.published, weekdays[wd1.text])
        value_end = value + dt.timedelta(days=(weekdays[wd2.text] - value.weekday()) % 7)
    return [_entry(found.text, found.start, found.end, value, value_end, relative=True)]
