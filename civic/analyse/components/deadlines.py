"""Deadlines: dates by which the reader must act, with the action in the text's own words.

A date is a deadline when a cue marks it (`resources/deadlines/cues.tsv`: nominal cues such as
Anmeldeschluss anywhere in its sentence, or `bis zum`/`bis spätestens`/`noch bis` right before
it) and, for the `bis` cues, the sentence names something to do (`resources/deadlines/actions.tsv`:
einreichen, anmelden, bewerben, zahlen, Widerspruch einlegen …). Without such an action, a `bis`
date in a sentence about exhibitions, road works or opening hours (`blockers.txt`) is a duration,
not a deadline. A range is a deadline only as a participation window (`range-…` cues: `Vom 5. März
bis 25. April können Vorschläge eingereicht werden`, a public display of a plan): its last day is
the deadline, and the range's sentence must name what to do or the cue gives it.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.components.deadline_actions import action_phrase, cue_action
from civic.analyse.extensions import text_of
from civic.resource_files import read_lines, read_tsv

# A dot after a one- or two-digit number is an ordinal (`am 12. Dezember`, `der 3. Bauabschnitt`),
# not a sentence end: German writes dates and ordinals that way far more often than it ends a
# sentence on a small number.
_SENT_END = re.compile(
    r"(?<!\b\d\.)(?<!\b\d\d\.)(?<=[.!?…])[\"“”»]?\s+(?=[A-ZÄÖÜ„\"“»0-9])|\n\s*\n|\n(?=[-•*–] )"
)
_MAX_SENTENCE = 1500  # characters looked at on each side of a date: sentences are shorter, and the
# bound keeps long documents linear


@dataclass(frozen=True)
class Cue:
    name: str
    regex: re.Pattern
    kind: str
    confidence: float
    action: str


@dataclass(frozen=True)
class Action:
    regex: re.Pattern
    infinitive: str
    reflexive: bool


@lru_cache(maxsize=1)
def load_cues() -> tuple[tuple[Cue, ...], tuple[Action, ...], re.Pattern, frozenset[str]]:
    cues = tuple(
        Cue(row["cue"], re.compile(r"(?<![\w])(?:" + row["pattern"] + r")(?![\w])"), row["kind"],
            float(row["confidence"]), row["action"] or "")
        for row in read_tsv("deadlines/cues.tsv")
    )
    actions = tuple(
        Action(re.compile(r"(?<![\w-])(?:" + row["pattern"] + r")(?![\w-])"), row["infinitive"],
               row["reflexive"] == "1")
        for row in read_tsv("deadlines/actions.tsv")
    )
    blockers = blocker_regex([line.split("\t")[0] for line in read_lines("deadlines/blockers.txt")])
    # place names are where to act, not what to do (`beim Sportamt im Rathaus Spandau`)
    # and month and weekday names are when (`bis zum 16. März schriftlich einreichen`)
    places = {row["name"] for row in read_tsv("districts.tsv")}
    calendar = {row["form"] for name in ("dates/months.tsv", "dates/weekdays.tsv") for row in read_tsv(name)}
    stopwords = frozenset(read_lines("deadlines/action_stopwords.txt")) | places | calendar
    return cues, actions, blockers, stopwords


def blocker_regex(words: list[str]) -> re.Pattern:
    """The blocker words of `blockers.txt` as one regex of word prefixes."""
    return re.compile(r"(?<![\w])(?:" + "|".join(re.escape(w) for w in words) + ")")


@lru_cache(maxsize=1)
def abbreviations() -> frozenset[str]:
    """Words whose dot is no sentence end (`Dr.`, `Nr.`, `bzw.`), from `deadlines/abbreviations.txt`."""
    return frozenset(line.split("\t")[0] for line in read_lines("deadlines/abbreviations.txt"))


def _ends_sentence(text: str, match: re.Match) -> bool:
    """A break candidate after an abbreviation's dot (`Dr. Petra Wolters`) is no sentence end."""
    before = text[max(0, match.start() - 8):match.start()].rstrip("\"“”»")
    word = before.split()[-1] if before.split() else ""
    return word not in abbreviations() and word.rsplit("-", 1)[-1] not in abbreviations()  # Karl-Marx-Str.


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): split at sentence punctuation followed by a capital,
    and at blank lines, but not after ordinals (`9. Juli`, `am 12. Dezember`) or abbreviations
    (`Dr.`, `Nr.`: `deadlines/abbreviations.txt`)."""
    s = window = max(0, start - _MAX_SENTENCE)
    # up to start + 1: the break's lookahead must see the date's first character when the date
    # opens its sentence (`… Seniorenwoche. Vom 9. bis 15. September …`)
    for m in _SENT_END.finditer(text, window, min(len(text), start + 1)):
        if m.end() <= start and _ends_sentence(text, m):
            s = m.end()
    e = min(len(text), end + _MAX_SENTENCE)
    for m in _SENT_END.finditer(text, end, end + _MAX_SENTENCE):
        if _ends_sentence(text, m):
            e = m.start()
            break
    return s, e


def _find_action(sentence: str, date_rel: tuple[int, int], actions: tuple[Action, ...]):
    """The action verb/noun of the sentence nearest the date (verbs after the date first)."""
    best = None
    for action in actions:
        for m in action.regex.finditer(sentence):
            distance = m.start() - date_rel[1] if m.start() >= date_rel[1] else (date_rel[0] - m.end()) + 1000
            if best is None or distance < best[0]:
                best = (distance, m, action)
    return best


def _clause_span(sentence: str, rel: tuple[int, int]) -> tuple[int, int]:
    """The part of the sentence between the commas/semicolons/colons around the date (`Für die
    zweite Runde gilt: Bewerbungen bis 30. Juni`: `gilt` belongs to the clause before)."""
    start = max(sentence.rfind(sep, 0, rel[0]) for sep in ",;:") + 1
    ends = [i for i in (sentence.find(sep, rel[1]) for sep in ",;:") if i >= 0]
    return start, min(ends) if ends else len(sentence)


def _clause(sentence: str, rel: tuple[int, int]) -> str:
    start, end = _clause_span(sentence, rel)
    return sentence[start:end]


RANGE_LEAD = 30  # characters before a range searched for its `range-before` cue (`in der Zeit vom`, `(`)


def _window(sentence: str, rel: tuple[int, int], cues: tuple[Cue, ...], actions: tuple[Action, ...],
            stopwords: frozenset[str]) -> tuple[Cue, str, bool] | None:
    """(cue, action, action found) when a range is a participation window, else None.

    `range-before` cues stand right before the range or open it (`Vom 26.04. bis 23.05. … abstimmen`,
    `Online-Feedback (10. – 23. Februar)`) and need an action in the range's own clause: `Vom 3. bis
    5. Mai ist der Basar geöffnet; Anmeldung nicht nötig` is an event, not a window. `range-sentence`
    cues name a window from the range's clause to the sentence's end (a plan that `liegt vom … bis …
    im Rathaus, Zimmer 3, aus`) and bring their action."""
    found = _find_action(sentence, rel, actions)
    start, end = _clause_span(sentence, rel)
    in_clause = found is not None and start <= found[1].start() and found[1].end() <= end
    lead = sentence[max(0, rel[0] - RANGE_LEAD):rel[1]]
    for cue in cues:
        if cue.kind == "range-before" and in_clause and cue.regex.search(lead):
            return cue, action_phrase(sentence, rel, found, stopwords), True
        if cue.kind == "range-sentence" and cue.regex.search(sentence, start):  # from the range's clause on
            if in_clause:
                return cue, action_phrase(sentence, rel, found, stopwords), True
            return cue, cue_action(cue.regex, cue.action, sentence, stopwords), False
    return None


def _nearest_date(sentence_dates: list[tuple[int, int]], cue_span: tuple[int, int]) -> tuple[int, int]:
    """The date a nominal cue (Anmeldeschluss ist der …) refers to: the nearest, after it first."""
    def distance(span):
        return span[0] - cue_span[1] if span[0] >= cue_span[1] else cue_span[0] - span[1] + 1000
    return min(sentence_dates, key=distance)


def _action_before(
    text: str, sentence_start: int, actions: tuple[Action, ...], stopwords: frozenset[str]
) -> str | None:
    """The action of the sentence before, for a deadline sentence that names none: `Vorschläge
    können Vereine einreichen. Einsendeschluss ist der 31. August.` -> `Vorschläge einreichen`.
    Only within the paragraph: a blank line ends what the sentence refers back to."""
    if sentence_start == 0 or "\n\n" in text[max(0, sentence_start - 3):sentence_start]:
        return None
    s, e = sentence_bounds(text, sentence_start - 1, sentence_start - 1)
    previous = text[s:e].rstrip()
    if "\n\n" in previous:
        previous = previous[previous.rindex("\n\n") + 2:]
    end = (len(previous), len(previous))  # no date in that sentence: cut nothing out
    found = _find_action(previous, end, actions)
    return action_phrase(previous, end, found, stopwords) if found else None


def find_deadlines(text: str, dates: list[dict]) -> list[dict]:
    """Deadline entries for those dates the cues mark (offsets into `text`)."""
    cues, actions, blockers, stopwords = load_cues()
    deadlines = []
    starts = [d["start"] for d in dates]  # dates come sorted by start
    for date in dates:
        if date["value"] is None:
            continue
        s, e = sentence_bounds(text, date["start"], date["end"])
        sentence = text[s:e]
        rel = (date["start"] - s, date["end"] - s)
        if date["value_end"] is not None:
            window = _window(sentence, rel, cues, actions, stopwords)
            if window is not None:
                cue, action, found = window
                deadlines.append(_entry(date, date["value_end"], action, cue, sentence,
                                        cue.confidence if found else cue.confidence - 0.1))
            continue
        nearby = dates[bisect.bisect_left(starts, s):bisect.bisect_right(starts, e)]
        in_sentence = [(d["start"] - s, d["end"] - s) for d in nearby if d["end"] <= e]
        before = sentence[: rel[0]].rstrip()
        date_text = date["text"]
        cue = None
        for candidate in cues:
            if candidate.kind == "before":
                m = candidate.regex.search(before[-30:] + " ") if not candidate.regex.match(date_text) else None
                hit = candidate.regex.match(date_text) or (m and not before[-30:][m.end():].strip(" ,"))
                if hit:
                    cue = candidate
                    break
            elif (m := candidate.regex.search(sentence)) and _nearest_date(in_sentence, m.span()) == rel:
                cue = candidate
                break
        if cue is None or cue.kind.startswith("range-"):
            continue
        found = _find_action(sentence, rel, actions)
        weak = found is None or found[1].group(0)[:1].isupper()
        if cue.kind == "before" and (found is None or (weak and blockers.search(_clause(sentence, rel)))):
            continue
        confidence = cue.confidence if found else cue.confidence - 0.1
        if found:
            action = action_phrase(sentence, rel, found, stopwords)
        else:
            action = cue_action(cue.regex, cue.action, sentence, stopwords)  # `Stichtag für Spenden`
            if action == (cue.action or "handeln"):  # the cue alone says little: look one sentence back
                action = _action_before(text, s, actions, stopwords) or action
        deadlines.append(_entry(date, date["value"], action, cue, sentence, confidence))
    return deadlines


def _entry(date: dict, day: str, action: str, cue: Cue, sentence: str, confidence: float) -> dict:
    return {
        "date": day, "action": action, "cue": cue.name, "sentence": " ".join(sentence.split()),
        "start": date["start"], "end": date["end"], "confidence": round(min(confidence, 0.99), 2),
    }


class DeadlineRecognizer:
    """Writes `doc._.deadlines` from `doc._.dates`; runs after civic_dates."""

    def __init__(self, name: str = "civic_deadlines") -> None:
        self.name = name
        load_cues()

    def __call__(self, doc: Doc) -> Doc:
        doc._.deadlines = find_deadlines(text_of(doc), doc._.dates or [])
        return doc


@Language.factory("civic_deadlines", requires=["doc._.dates"], assigns=["doc._.deadlines"])
def make_deadlines(nlp: Language, name: str) -> DeadlineRecognizer:
    return DeadlineRecognizer(name)
