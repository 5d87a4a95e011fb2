"""Events: one deadline across articles. The same Frist in a press release, a newsletter and a local
news site becomes one event with three sources, so journalists see it once.

The rule (issue 19; measured on corpus/events by benchmarks/events.py):

1. Two deadlines can only be one event when they share the **date** and the **Bezirk** where they
   apply (civic.record.places, the one rule of every deadline filter: the districts of the
   deadline's sentence, else the article's main Bezirk; a sentence naming two Bezirke gives both,
   `Pankow, Spandau`, compared whole; deadlines that name no Bezirk form their own, Bezirk-less
   events).
2. Their wording must say the same thing. Each deadline's **terms** are the Snowball stems of the
   content words of its action, its sentence and its article's title, without stop words, numbers,
   months, cue words and place names (`resources/events/stop_terms.txt`). Two terms match when they
   are equal or one is a prefix or suffix of the other of at least 5 letters (German compounds:
   `anmeld` ~ `anmeldeschluss`, `budget` ~ `stadtteilbudget`).
3. Terms are weighted by their inverse document frequency over all deadlines grouped together, so
   words every deadline has (`anmeld`, `einreich`) count little and the thing itself
   (`baumpatenschaft`, `kiezfond`) counts much. The **similarity** of two deadlines is the weighted
   Dice overlap: the weight of the terms of either side that match the other, over the weight of both.
4. A deadline joins the event it is most similar to (single link: its best member) when that
   similarity is at least `THRESHOLD`; otherwise it starts an event. Sources are taken in published
   order, so the grouping is deterministic.

This module reads the flat row views (civic.record.rows, or the same rows back from SQLite), never
spaCy Docs: grouping runs above the API, on records.
"""

from __future__ import annotations

import hashlib
import itertools
import math
import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import cache

from civic.record.rows import record_rows

#: Minimum similarity for a deadline to join an event. Measured on corpus/events (benchmarks/events.py):
#: pairwise P/R 1.0/1.0 from 0.16 to 0.20; at 0.14 two near-misses that share only the generic verb
#: join (P 0.92), at 0.21 two wordings that share few specific words fall apart (R 0.91).
THRESHOLD = 0.18
#: Shortest stem that may match another as its prefix or suffix (shorter ones are mere syllables).
MIN_AFFIX = 5

_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@dataclass(frozen=True)
class Source:
    """One deadline in one article: what an event is made of (a row of `event_sources`)."""

    document_id: str
    date: str
    action: str
    sentence: str
    start: int
    url: str | None = None
    published: str | None = None
    title: str | None = None
    bezirk: str | None = None
    districts: tuple[str, ...] = ()  # Bezirk and districts where it applies, for --district filters
    topics: tuple[str, ...] = ()


@dataclass
class Event:
    """Deadlines of several articles that say the same thing on the same day in the same Bezirk."""

    id: str
    date: str
    action: str
    bezirk: str | None
    sources: list[Source] = field(default_factory=list)

    @property
    def n_sources(self) -> int:
        return len(self.sources)

    @property
    def bezirke(self) -> tuple[str, ...]:
        """The Bezirke it applies in: one usually, two or more when its sentence names several
        (`bezirk` is then `Pankow, Mitte`, as in the deadline rows), none for all of Berlin."""
        return tuple(b for b in (self.bezirk or "").split(", ") if b)

    @property
    def urls(self) -> list[str]:
        return [s.url for s in self.sources if s.url]


def sources_from_rows(documents: Iterable[dict], deadlines: Iterable[dict],
                      topics: Iterable[dict] = ()) -> list[Source]:
    """Sources from the row views (record_rows, or the SQLite tables of `civic db`, which hold the
    same rows): the join of deadlines with their document and topics. A deadline row already says
    where it applies (civic.record.places: its sentence's districts, else the article's main
    Bezirk), so grouping, `civic deadlines --district` and the database agree on a deadline's Bezirk."""
    docs = {d["document_id"]: d for d in documents}
    labels: dict[str, list[str]] = defaultdict(list)
    for row in topics:
        labels[row["document_id"]].append(row["label"])
    sources = []
    for dl in deadlines:
        doc = docs.get(dl["document_id"], {})
        names = [n for n in (dl.get("bezirk") or "").split(", ") + (dl.get("districts") or "").split(", ") if n]
        sources.append(Source(
            document_id=dl["document_id"], date=dl["date"], action=dl["action"] or "", sentence=dl["sentence"] or "",
            start=dl["start"], url=doc.get("url"), published=doc.get("published"), title=doc.get("title"),
            bezirk=dl.get("bezirk") or None, districts=tuple(dict.fromkeys(names)),
            topics=tuple(labels[dl["document_id"]])))
    return sources


def sources_from_records(records: Iterable[dict]) -> list[Source]:
    """Sources of record dicts (read with civic.record.files.iter_records); a later record of an id
    replaces an earlier one, as in the database."""
    tables: dict[str, dict[str, dict]] = {}
    for record in records:
        tables[record["id"]] = record_rows(record)
    rows = tables.values()
    return sources_from_rows((r["documents"][0] for r in rows), (x for r in rows for x in r["deadlines"]),
                             (x for r in rows for x in r["topics"]))


@cache
def _stop_terms() -> frozenset[str]:
    """Stems never used as terms: spaCy's German stop words, our list, and the gazetteer's names."""
    from spacy.lang.de.stop_words import STOP_WORDS

    from civic.analyse.components.districts import load_districts
    from civic.resource_files import read_lines

    words = set(STOP_WORDS) | set(read_lines("events/stop_terms.txt"))
    for district in load_districts().values():
        words |= {district.name, *_WORD.findall(district.name.replace("-", " "))}
    return frozenset(_stem(w) for w in words)


@cache
def _stemmer():
    import snowballstemmer

    return snowballstemmer.stemmer("german")


# Separable verb prefixes: their participles and zu-infinitives put `ge`/`zu` inside the word.
_SEPARABLE = ("ab", "an", "auf", "aus", "bei", "ein", "mit", "nach", "vor", "zu", "zurück")


def _stem(word: str) -> str:
    """Snowball's German stem, with the participle and zu-infinitive of separable verbs brought to
    the verb's stem (`eingereicht`, `einzureichen` -> `einreich`; `abgegeben` -> `abgeb`), which
    Snowball leaves apart."""
    stem = _stemmer().stemWord(word.casefold())
    for prefix in _SEPARABLE:
        for infix in ("ge", "zu"):
            head = prefix + infix
            if stem.startswith(head) and len(stem) >= len(head) + 3:
                stem = _stemmer().stemWord(prefix + stem[len(head):])
                if stem.endswith("t") and len(stem) > len(prefix) + 4:
                    stem = stem[:-1]
                return stem
    return stem


def terms(text: str) -> frozenset[str]:
    """The content stems of a text (rule 2 of the module docstring); hyphenated words count whole
    and by their parts."""
    found = set()
    for word in _WORD.findall(text or ""):
        parts = [word, *word.split("-")] if "-" in word else [word]
        for part in parts:
            stem = _stem(part)
            if len(stem) >= 3 and stem not in _stop_terms():
                found.add(stem)
    return frozenset(found)


def source_terms(source: Source) -> frozenset[str]:
    """What a deadline says: the terms of its action, sentence and article title."""
    return terms(source.action) | terms(source.sentence) | terms(source.title or "")


def _match(a: str, b: str) -> bool:
    if a == b:
        return True
    short, long = (a, b) if len(a) <= len(b) else (b, a)
    return len(short) >= MIN_AFFIX and (long.startswith(short) or long.endswith(short))


def idf_weights(term_sets: Iterable[frozenset[str]]) -> dict[str, float]:
    """Smoothed inverse document frequency of each term over the deadlines: ln((N+1)/(df+1)) + 1."""
    sets = list(term_sets)
    df = Counter(t for s in sets for t in s)
    return {t: math.log((len(sets) + 1) / (n + 1)) + 1 for t, n in df.items()}


def similarity(a: frozenset[str], b: frozenset[str], weights: dict[str, float]) -> float:
    """Weighted Dice overlap of two term sets (rule 3): 1.0 for the same terms, 0.0 for none shared."""
    total = sum(weights.get(t, 1.0) for t in a) + sum(weights.get(t, 1.0) for t in b)
    if not total:
        return 0.0
    matched = sum(weights.get(t, 1.0) for t in a if any(_match(t, u) for u in b))
    matched += sum(weights.get(t, 1.0) for t in b if any(_match(t, u) for u in a))
    return matched / total


def _order(source: Source) -> tuple:
    return (source.published or "9999", source.document_id, source.start)


def normalised_action(action: str) -> str:
    """The action as sorted stems: the same wording inflected differently gives the same key."""
    return " ".join(sorted(terms(action))) or action.casefold().strip()


def event_id(date: str, bezirk: str | None, action: str) -> str:
    """A stable id: a hash of date, Bezirk and the normalised action of the event's first source
    (its earliest article), so a feed keeps the id when later articles join the event."""
    key = f"{date}|{bezirk or ''}|{normalised_action(action)}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]


def group_events(sources: Iterable[Source], threshold: float = THRESHOLD) -> list[Event]:
    """Group deadline sources into events (the rule of the module docstring), sorted by date,
    Bezirk and id; each event's sources in published order."""
    sources = sorted(sources, key=_order)
    term_of = {s: source_terms(s) for s in sources}
    weights = idf_weights(term_of.values())
    buckets: dict[tuple[str, str | None], list[Source]] = defaultdict(list)
    for source in sources:
        buckets[(source.date, source.bezirk)].append(source)
    events, taken = [], set()
    for (date, bezirk), members in buckets.items():
        for group in _linked(members, term_of, weights, threshold):
            ident = event_id(date, bezirk, group[0].action)
            if ident in taken:  # two events whose first sources are worded alike: the first document decides
                ident = event_id(date, bezirk, f"{group[0].action}|{group[0].document_id}|{group[0].start}")
            taken.add(ident)
            events.append(Event(ident, date, _most_informative(group, weights), bezirk, group))
    events.sort(key=lambda e: (e.date, e.bezirk or "", e.id))
    return events


def _linked(members: list[Source], term_of: dict[Source, frozenset[str]], weights: dict[str, float],
            threshold: float) -> list[list[Source]]:
    """Single-link groups of one (date, Bezirk) bucket: the connected components of the pairs at or
    above the threshold. Components do not depend on the order the sources arrive in, so loading
    files in another order, or one by one, gives the same events."""
    parent = list(range(len(members)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i, j in itertools.combinations(range(len(members)), 2):
        if similarity(term_of[members[i]], term_of[members[j]], weights) >= threshold:
            parent[root(j)] = root(i)
    groups: dict[int, list[Source]] = defaultdict(list)
    for i, source in enumerate(members):
        groups[root(i)].append(source)
    return sorted(groups.values(), key=lambda g: _order(g[0]))


def _most_informative(group: list[Source], weights: dict[str, float]) -> str:
    """The wording that tells most: the action whose terms weigh most (`Anträge auf Förderung aus dem
    Kiezfonds stellen` over `Anträge stellen`); a tie goes to the earliest source."""
    return max(group, key=lambda s: (round(sum(weights.get(t, 1.0) for t in terms(s.action)), 6),
                                     -group.index(s))).action


def events_of_records(records: Iterable[dict], threshold: float = THRESHOLD) -> list[Event]:
    """The events of record dicts: `events_of_records(iter_records(["out/news.jsonl"]))`."""
    return group_events(sources_from_records(records), threshold)


def iter_pairs(events: Iterable[Event]) -> Iterator[tuple[tuple[str, str], tuple[str, str]]]:
    """Every unordered pair of sources (document_id, date) grouped into one event, for pairwise scores."""
    for event in events:
        keys = sorted({(s.document_id, s.date) for s in event.sources})
        for i, a in enumerate(keys):
            for b in keys[i + 1:]:
                yield a, b
