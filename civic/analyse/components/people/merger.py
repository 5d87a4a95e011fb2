"""The one place that decides who the people are, from the candidates of all recognizers.

1. A candidate is kept only if its span is a valid name where it stands (`NameShapes.valid`);
   a rule span around a full name of the NER model takes the model's bounds (`_model_bounds`).
2. Longer spans go first, then the leftmost; a span that overlaps one already taken is dropped,
   and a one-token span never makes a person on its own (record.md: someone only ever named by
   one name is not listed).
3. Each person is listed once under the first (most complete) name; a shorter full form
   (`Anna Schmidt` of `Anna Maria Schmidt`, `Van Dijk` of `Pieter van Dijk`) joins that person.
   A nickname in quotes (`Uwe „Funkturm“ Kliemann`) is not part of the listed name (`Uwe Kliemann`).
4. Every mention brings its roles (`RolePhrases.roles_for`), each role once, in text order.
5. Then surname-only mentions anywhere in the text (`Oyelaran verweist …`, also the genitive
   `Oyelarans`) join the person with that surname.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from spacy.tokens import Doc

from civic.analyse.components.people.names import NameShapes
from civic.analyse.components.people.recognizers import Candidate
from civic.analyse.components.people.roles import RolePhrases
from civic.analyse.extensions import text_of
from civic.resource_files import read_json


def _nickname_pattern() -> re.Pattern:
    quotes = read_json("entity_rules.json")["nickname_quotes"]
    opening, closing = (re.escape("".join(quotes[k])) for k in ("open", "close"))
    return re.compile(rf"\s+[{opening}][^{closing}\n]{{1,40}}[{closing}](?=\s)")


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)
    evidence: dict[str, float] = field(default_factory=dict)  # recognizer name -> best score

    @property
    def surname(self) -> str:
        return self.tokens[-1]


MODEL = "ner_span"  # the recognizer whose spans come from the statistical model


def _model_bounds(evidence: dict[tuple[int, int], dict[str, float]]) -> dict[tuple[int, int], dict[str, float]]:
    """A rule span that strictly contains a full name of the NER model (two tokens or more) takes the
    model's bounds: the cue rules read names as runs of capitalised words and overrun into the next
    one (`Martina Marijnissen Wifö`, an office's abbreviation), which the model, trained on real
    text, leaves out. Its evidence joins the model span's. A one-token model span (`Marianne` of
    `Marianne Schöttler-Aziz`) is no full name and keeps the rule span."""
    model = [span for span, reasons in evidence.items() if MODEL in reasons and span[1] - span[0] >= 2]
    merged: dict[tuple[int, int], dict[str, float]] = {}
    for span, reasons in evidence.items():
        inner = next((m for m in model if MODEL not in reasons and span[0] <= m[0] and m[1] <= span[1]
                      and m != span), None)
        target = merged.setdefault(inner or span, {})
        for reason, score in reasons.items():
            target[reason] = max(score, target.get(reason, 0.0))
    return merged


class PeopleMerger:
    """Turns scored candidates into `doc._.people` entries."""

    def __init__(self, names: NameShapes, roles: RolePhrases) -> None:
        self.names = names
        self.nickname = _nickname_pattern()
        self.roles = roles

    def merge(self, doc: Doc, candidates: Iterable[Candidate]) -> list[Person]:
        """The people of `doc`, in the order they were first found."""
        evidence: dict[tuple[int, int], dict[str, float]] = {}
        for c in candidates:
            if self.names.valid(doc, c.start, c.end):
                reasons = evidence.setdefault((c.start, c.end), {})
                reasons[c.reason] = max(c.score, reasons.get(c.reason, 0.0))
        evidence = _model_bounds(evidence)
        people: dict[str, Person] = {}
        by_surname: dict[str, Person] = {}
        taken: set[int] = set()
        for start, end in sorted(evidence, key=lambda c: (-(c[1] - c[0]), c[0])):
            if end - start < 2 or any(i in taken for i in range(start, end)):
                continue
            person = self._person_for(doc, start, end, people, by_surname)
            person.mentions.append((start, end))
            for reason, score in evidence[(start, end)].items():
                person.evidence[reason] = max(score, person.evidence.get(reason, 0.0))
            for role in self.roles.roles_for(doc, start, end):
                if role not in person.roles:
                    person.roles.append(role)
            taken.update(range(start, end))
        self._link_surnames(doc, by_surname, taken)
        return self._fold_initials(people)

    def _fold_initials(self, people: dict[str, Person]) -> list[Person]:
        """`W. Beispielberg` is `Wolfgang Beispielberg` when the text names him in full; an initial
        and a surname alone is not a full name, so that person is not listed (record.md)."""
        kept = []
        for person in people.values():
            if not self.names.is_initial(person.tokens[0]):
                kept.append(person)
                continue
            full = next((p for p in people.values() if p.surname == person.surname
                         and not self.names.is_initial(p.tokens[0]) and p.tokens[0][0] == person.tokens[0][0]), None)
            if full is not None:
                full.mentions += person.mentions
                full.roles += [r for r in person.roles if r not in full.roles]
        return kept

    def _person_for(self, doc: Doc, start: int, end: int, people: dict[str, Person],
                    by_surname: dict[str, Person]) -> Person:
        tokens = tuple(t.text for t in doc[start:end])
        key = " ".join(tokens)
        person = people.get(key)
        if person is None:
            # a shorter full form (Anna Schmidt) of a longer one (Anna Maria Schmidt) is the same person
            person = next((p for p in people.values() if p.surname == tokens[-1]
                           and (p.tokens[0] == tokens[0] or self.names.surname_with_particle(tokens, p.tokens))),
                          None)
            if person is None:
                name = self.nickname.sub("", doc[start:end].text)
                person = people[key] = Person(name=name, tokens=tokens)
            by_surname.setdefault(tokens[-1], person)
        return person

    def _link_surnames(self, doc: Doc, by_surname: dict[str, Person], taken: set[int]) -> None:
        """Surname-only mentions, from the NER model or anywhere in the text."""
        if not by_surname:
            return
        pattern = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(s) for s in by_surname) + r")s?(?![\w\-])")
        for m in pattern.finditer(text_of(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or any(i in taken for i in range(span.start, span.end)):
                continue
            if not self.names.valid(doc, span.start, span.end):
                continue
            by_surname[m.group(1)].mentions.append((span.start, span.end))
            taken.update(range(span.start, span.end))


def person_entry(doc: Doc, person: Person) -> dict:
    """The record's form of a person: name, roles, mentions with character offsets."""
    mentions = []
    for start, end in sorted(person.mentions):
        span = doc[start:end]
        mentions.append({"start": span.start_char, "end": span.end_char, "text": span.text})
    return {"name": person.name, "roles": person.roles, "mentions": mentions}
