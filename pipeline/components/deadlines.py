"""Deadlines: dates by which the reader must act, with the action in the text's own words.

A date is a deadline when a cue marks it (`resources/deadlines/cues.tsv`: nominal cues such as
Anmeldeschluss anywhere in its sentence, or `bis zum`/`bis spätestens`/`noch bis` right before
it) and, for the `bis` cues, the sentence names something to do (`resources/deadlines/actions.tsv`:
einreichen, anmelden, bewerben, zahlen, Widerspruch einlegen …). Without such an action, a `bis`
date in a sentence about exhibitions, road works or opening hours (`blockers.txt`) is a duration,
not a deadline. Ranges are never deadlines.
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.tokens import Doc

from ..resources import read_lines, read_tsv
from . import text_of

_WORD = re.compile(r"[\w.\-'’]+|[^\w\s]", re.UNICODE)
_SENT_END = re.compile(r"(?<=[.!?…])[\"“”»]?\s+(?=[A-ZÄÖÜ„\"“»0-9])|\n\s*\n|\n(?=[-•*–] )")
_MAX_SENTENCE = 1500  # characters looked at on each side of a date: sentences are shorter, and the
# bound keeps long documents linear
_CUE_WORDS = {"bis", "Bis", "zum", "spätestens", "Spätestens", "am", "Am", "Noch", "noch", "vom", "einschließlich"}
_KEEP_LOWER = {"für", "fürs", "zum", "zur", "gegen", "auf", "aus", "über", "von", "vom", "mit", "neue", "neuen",
               "den", "dem", "der", "die", "das", "des"}
_LOCATION_PREPS = {"auf", "unter", "per", "via", "über", "an", "bei", "beim", "im", "in", "ans", "ins", "am"}


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
    blockers = re.compile(r"(?<![\w])(?:" + "|".join(re.escape(b) for b in read_lines("deadlines/blockers.txt")) + ")")
    stopwords = frozenset(read_lines("deadlines/action_stopwords.txt"))
    return cues, actions, blockers, stopwords


def sentence_bounds(text: str, start: int, end: int) -> tuple[int, int]:
    """The sentence around [start, end): split at sentence punctuation followed by a capital,
    and at blank lines. Dates like `9. Juli` end in a dot but are followed by lower-case words
    or digits, so they do not split."""
    s = window = max(0, start - _MAX_SENTENCE)
    for m in _SENT_END.finditer(text, window, start):
        s = m.end()
    m = _SENT_END.search(text, end, end + _MAX_SENTENCE)
    e = m.start() if m else min(len(text), end + _MAX_SENTENCE)
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


_ATTACHED_PREPS = {"für", "fürs", "zum", "zur", "auf", "gegen", "vom", "von", "zu", "aus", "mit"}
_PLACE_PREPS = {"beim", "bei", "im", "in", "unter", "per", "via", "an", "am", "ans", "ins", "über", "auf", "online",
                "pro", "je"}
_ARTICLES = {"der", "die", "das", "den", "dem", "des", "ein", "eine", "einen", "einem", "einer", "eines", "ihre",
             "ihren", "ihr", "seine", "seinen", "alle", "alte", "neue", "neuen"}
_NOT_OBJECT_SUFFIXES = ("amt", "amts", "amtes", "büro", "stelle", "verwaltung", "zentrum", "e-mail", "mail",
                        "postkarte", "telefon", "internet", "website", "plattform", "formular", "papier",
                        "uhr", "sekretariat", "geschäftsstelle", "rathaus", "straße", "str", "allee", "platz",
                        "damm", "weg", "ufer", "chaussee", "raum", "portal", "freizeitstätte", "euro")
_ACTION_NOUNS_REFLEXIVE = {"Anmeldung", "Anmeldungen", "Bewerbung", "Bewerbungen", "Teilnahme", "Beteiligung",
                           "Online-Beteiligung"}


def _words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text) if w[0].isalnum()]


def _is_object_noun(word: str, stopwords: frozenset[str]) -> bool:
    return (word[:1].isupper() and word not in stopwords and word.isalpha() or "-" in word and word[:1].isupper()) \
        and not word.lower().endswith(_NOT_OBJECT_SUFFIXES)


def _noun_phrase(words: list[str], i: int, stopwords: frozenset[str]) -> list[str]:
    """From the noun at i: the noun plus attached `für/zum/auf/gegen … Noun` phrases (max 7 words)."""
    phrase, j = [words[i]], i + 1
    while j < len(words) and len(phrase) < 7:
        if words[j].lower() in _ATTACHED_PREPS and not (words[j] == "auf" and j + 1 < len(words)
                                                         and words[j + 1][:1].islower()
                                                         and words[j + 1] not in _ARTICLES):
            k = j + 1
            while k < len(words) and (words[k] in _ARTICLES or words[k][:1].islower() and words[k].endswith(
                    ("e", "en", "er", "es")) and words[k] not in stopwords and k + 1 < len(words)
                    and words[k + 1][:1].isupper()):
                k += 1
            if k < len(words) and _is_object_noun(words[k], stopwords):
                phrase += words[j:k + 1]
                j = k + 1
                continue
        if words[j] == "und" and j + 1 < len(words) and _is_object_noun(words[j + 1], stopwords):
            phrase += words[j:j + 2]
            j += 2
            continue
        break
    return phrase


def action_phrase(sentence: str, date_rel: tuple[int, int], found, stopwords: frozenset[str]) -> str:
    """A short phrase of what to do, in the text's words: the object noun phrase and the verb's
    infinitive (`Ideen fürs Stadtteilbudget einreichen`, `Anträge auf Zuschuss stellen`), or for
    reflexive verbs the `für …` phrase (`sich für den Familienlauf anmelden`).

    Without a parser this is a heuristic over the date's clause: the date and the cue are cut
    out, places (`beim Ordnungsamt`, `auf mein.berlin.de`), channels (`per E-Mail`) and
    addressees (`Interessierte`, `Eltern`) are not objects; of several noun phrases the one
    nearest before the verb wins (German puts the verb last)."""
    _, match, action = found
    clause_start = max(sentence.rfind(sep, 0, date_rel[0]) for sep in ",;:") + 1
    ends = [i for i in (sentence.find(sep, date_rel[1]) for sep in ",;:") if i >= 0]
    clause_end = min(ends) if ends else len(sentence)
    if not clause_start <= match.start() < clause_end:
        clause_start, clause_end = min(clause_start, match.start()), max(clause_end, match.end())
    before = _words(sentence[clause_start:date_rel[0]])
    after = _words(sentence[date_rel[1]:clause_end])
    words = [w for w in before if w not in _CUE_WORDS or before.index(w) < len(before) - 3] + after
    verb = match.group(0)
    verb_words = verb.split()
    noun_like = verb[:1].isupper()
    try:
        verb_index = next(i for i, w in enumerate(words) if w == verb_words[0])
    except StopIteration:
        verb_index = len(words)
    candidates = []
    for i, w in enumerate(words):
        if not _is_object_noun(w, stopwords) or w in _CUE_WORDS or w in verb_words and not noun_like:
            continue
        if i + 1 < len(words) and words[i + 1][:1].isdigit():  # Raum 214, Turmstraße 21: addresses
            continue
        k = i - 1
        while k >= 0 and (words[k] in _ARTICLES or words[k][:1].islower() and words[k].endswith(("e", "en"))
                          and words[k].lower() not in _PLACE_PREPS | _ATTACHED_PREPS):
            k -= 1
        governed = k >= 0 and words[k].lower() in _PLACE_PREPS | _ATTACHED_PREPS | {"fürs"}
        if governed and not (noun_like and i == verb_index):
            continue
        candidates.append(i)
    phrase: list[str] = []
    if noun_like and verb_index < len(words):
        phrase = _noun_phrase(words, verb_index, stopwords)
        if verb in _ACTION_NOUNS_REFLEXIVE:
            phrase = phrase[1:] if len(phrase) > 1 and phrase[1].lower() in {"für", "fürs", "zum", "zur"} else []
    elif candidates:
        before_verb = [i for i in candidates if i < verb_index]
        phrase = _noun_phrase(words, before_verb[-1] if before_verb else candidates[0], stopwords)
    if not phrase and action.reflexive:
        for i, w in enumerate(words):
            if w.lower() in {"für", "fürs", "zum", "zur", "als"} and i + 1 < len(words):
                k = i + 1
                while k < len(words) and words[k] in _ARTICLES:
                    k += 1
                if k < len(words) and _is_object_noun(words[k], stopwords):
                    tail = _noun_phrase(words, k, stopwords)
                    phrase = ["sich", *words[i:k], *tail]
                    break
    if not phrase:
        return ("sich " if action.reflexive else "") + action.infinitive
    if phrase[0] != "sich" and action.reflexive and phrase[0].lower() in {"für", "fürs", "zum", "zur", "als"}:
        phrase.insert(0, "sich")
    return " ".join([*phrase, action.infinitive])


def _cue_action(cue: Cue, sentence: str, stopwords: frozenset[str]) -> str:
    """The cue's own action, with the `für …` phrase that follows the cue when there is one:
    `Anmeldeschluss für den Lauf ist …` -> `sich für den Lauf anmelden`."""
    action = cue.action or "handeln"
    m = cue.regex.search(sentence)
    words = _words(sentence[m.end():]) if m else []
    if words and words[0].lower() in {"für", "fürs", "zum", "zur"}:
        k = 1
        while k < len(words) and words[k] in _ARTICLES:
            k += 1
        if k < len(words) and _is_object_noun(words[k], stopwords):
            pp = " ".join(words[:k] + _noun_phrase(words, k, stopwords))
            head, _, verb = action.rpartition(" ")
            return " ".join(x for x in (head, pp, verb) if x)
    return action


def _clause(sentence: str, rel: tuple[int, int]) -> str:
    """The part of the sentence between the commas/semicolons around the date."""
    start = max(sentence.rfind(sep, 0, rel[0]) for sep in ",;") + 1
    ends = [i for i in (sentence.find(sep, rel[1]) for sep in ",;") if i >= 0]
    return sentence[start:min(ends) if ends else len(sentence)]


def _nearest_date(sentence_dates: list[tuple[int, int]], cue_span: tuple[int, int]) -> tuple[int, int]:
    """The date a nominal cue (Anmeldeschluss ist der …) refers to: the nearest, after it first."""
    def distance(span):
        return span[0] - cue_span[1] if span[0] >= cue_span[1] else cue_span[0] - span[1] + 1000
    return min(sentence_dates, key=distance)


def find_deadlines(text: str, dates: list[dict]) -> list[dict]:
    """Deadline entries for those dates the cues mark (offsets into `text`)."""
    cues, actions, blockers, stopwords = load_cues()
    deadlines = []
    starts = [d["start"] for d in dates]  # dates come sorted by start
    for date in dates:
        if date["value_end"] is not None or date["value"] is None:
            continue
        s, e = sentence_bounds(text, date["start"], date["end"])
        sentence = text[s:e]
        rel = (date["start"] - s, date["end"] - s)
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
        if cue is None:
            continue
        found = _find_action(sentence, rel, actions)
        weak = found is None or found[1].group(0)[:1].isupper()
        if cue.kind == "before" and (found is None or (weak and blockers.search(_clause(sentence, rel)))):
            continue
        confidence = cue.confidence if found else cue.confidence - 0.1
        if found:
            action = action_phrase(sentence, rel, found, stopwords)
        else:
            action = _cue_action(cue, sentence, stopwords)
        deadlines.append({
            "date": date["value"], "action": action, "cue": cue.name, "sentence": " ".join(sentence.split()),
            "start": date["start"], "end": date["end"], "confidence": round(min(confidence, 0.99), 2),
        })
    return deadlines


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
