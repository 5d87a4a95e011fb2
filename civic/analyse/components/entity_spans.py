"""Rule repairs of the NER model's spans, applied right after `ner` (before every civic component).

The statistical model gets boundaries and labels wrong in a few regular ways that one look at the
neighbouring words settles. Each repair is one function here and one entry (with its reason) in
`resources/entity_rules.json`; all of them follow the GermEval 2014 conventions the model learnt:

* `strip_person_edges`: role words, titles and forms of address are not part of a PER span
  (`SAGA-Sprecher Mario Spitzmüller` -> `Mario Spitzmüller`), nor is a trailing particle (`David von`).
* `join_initials`: `Robert R . Livingston`, tagged as two persons around the initial, is one.
* `hyphenated_surnames`: `Marianne Schöttler-Aziz`, tagged as PER `Marianne` only, is one name: the model
  0.4.0 left `Schöttler-Aziz` (one token) out of the span, which cost a person on corpus/sample.
* `join_nicknames`: `Uwe „Funkturm“ Kliemann`, tagged as `Uwe „Funkturm` and `Kliemann`, is one
  person; an opening quote left at a PER span's end (no surname after it) leaves the span.
* `person_from_context`: a LOC/ORG span right after a role word (`Präsident Cleveland`) or between a
  speech verb and a comma (`sagte Schönberg ,`) is a person; genitives after a role
  (`Präsident Frankreichs`) are left alone.

Measured in models/civic-ner-de/MODEL_CARD.md (model alone vs with these repairs; they were written
against 0.3.0's errors on the GermEval dev half). Turn one off with its config flag, e.g.
`{"civic_entity_spans.join_initials": False}`.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc, Span

from civic.analyse.components.people.role_words import RoleWords
from civic.resource_files import read_json

PERSON, OTHER = "PER", ("LOC", "ORG")


class EntitySpanRepairs:
    """Edits `doc.ents` in place; the repairs are independent and each can be switched off."""

    def __init__(self, name: str, strip_person_edges: bool, join_initials: bool, person_from_context: bool,
                 hyphenated_surnames: bool = True) -> None:
        self.name = name
        self.flags = (strip_person_edges, join_initials, person_from_context, hyphenated_surnames)
        rules = read_json("entity_rules.json")
        self.words = RoleWords()
        self.address = set(rules["address_forms"]["words"])
        self.initial = re.compile(rules["initial_pattern"]["pattern"])
        self.double_surname = re.compile(rules["hyphenated_surname_pattern"]["pattern"])
        self.genitive_marks = tuple(rules["hyphenated_surname_not_after"]["words"])
        self.genitive_ends = tuple(rules["person_after_role_not_ending"]["words"])
        self.speech_closers = set(rules["person_after_speech_verb_followed_by"]["words"])
        self.quote_open = set(rules["nickname_quotes"]["open"])
        self.quote_close = set(rules["nickname_quotes"]["close"])

    def __call__(self, doc: Doc) -> Doc:
        strip, join, context, hyphenated = self.flags
        spans = [(e.start, e.end, e.label_) for e in doc.ents]
        if join:
            spans = self.join_initials(doc, spans)
            spans = self.join_nicknames(doc, spans)
        if hyphenated:
            spans = self.extend_hyphenated_surnames(doc, spans)
        if strip:
            spans = [self.strip_person_edges(doc, s, e, lab) for s, e, lab in spans]
        if context:
            spans = [(s, e, self.person_from_context(doc, s, e, lab)) for s, e, lab in spans]
        doc.ents = [Span(doc, s, e, label=lab) for s, e, lab in spans if e > s]
        return doc

    def _before_name(self, text: str) -> bool:
        return text in self.address or text in self.words.titles or self.words.is_role(text)

    def strip_person_edges(self, doc: Doc, start: int, end: int, label: str) -> tuple[int, int, str]:
        if label != PERSON:
            return start, end, label
        while end - start > 1 and self._before_name(doc[start].text):
            start += 1
        while end - start > 1 and doc[end - 1].text in self.words.particles:
            end -= 1
        return start, end, label

    def join_initials(self, doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for s, e, lab in spans:
            if out and lab == PERSON and out[-1][2] == PERSON:
                ps, pe, _ = out[-1]
                if s == pe + 2 and self.initial.fullmatch(doc[pe].text) and doc[pe + 1].text == ".":
                    out[-1] = (ps, e, PERSON)
                    continue
            out.append((s, e, lab))
        return out

    def extend_hyphenated_surnames(self, doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        """A PER span followed by an untagged `Capitalised-Capitalised` token takes it in, unless the span
        ends in a genitive (`Merkels Video-Podcast`, `Fest's Hitler-Biografie`). On GermEval TRAIN such a
        word after a name word is part of the name 56 times and outside it 11 times (9 genitives); without
        the genitives 50 and 2. First names ending in s (`Klaus Müller-Lüdenscheidt`) are the 6 lost."""
        starts = {s for s, _, _ in spans}
        out = []
        for s, e, lab in spans:
            if (lab == PERSON and e < len(doc) and e not in starts and self.double_surname.fullmatch(doc[e].text)
                    and not doc[e - 1].text.endswith(self.genitive_marks) and not self.words.is_role(doc[e].text)):
                e += 1
            out.append((s, e, lab))
        return out

    def _unclosed_quote(self, doc: Doc, start: int, end: int) -> int | None:
        """Index of an opening quote inside the span start..end that the span does not close."""
        for i in range(start + 1, end):
            if doc[i].text in self.quote_open:
                closed = any(doc[j].text in self.quote_close for j in range(i + 1, end))
                return None if closed else i
        return None

    def join_nicknames(self, doc: Doc, spans: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
        out: list[tuple[int, int, str]] = []
        for s, e, lab in spans:
            if out and lab == PERSON and out[-1][2] == PERSON:
                ps, pe, _ = out[-1]
                if s == pe + 1 and doc[pe].text in self.quote_close and self._unclosed_quote(doc, ps, pe):
                    out[-1] = (ps, e, PERSON)
                    continue
            out.append((s, e, lab))
        trimmed = []
        for s, e, lab in out:
            quote = self._unclosed_quote(doc, s, e) if lab == PERSON else None
            trimmed.append((s, quote if quote is not None else e, lab))  # `Uwe „Funkturm` alone: `Uwe`
        return trimmed

    def person_from_context(self, doc: Doc, start: int, end: int, label: str) -> str:
        if label not in OTHER or start == 0 or doc[end - 1].text.endswith(self.genitive_ends):
            return label
        before = doc[start - 1].text
        if self._before_name(before):
            return PERSON
        if before in self.words.speech_verbs and end < len(doc) and doc[end].text in self.speech_closers:
            return PERSON
        return label


@Language.factory(
    "civic_entity_spans",
    default_config={"strip_person_edges": True, "join_initials": True, "person_from_context": True,
                    "hyphenated_surnames": True},
)
def make_entity_spans(
    nlp: Language, name: str, strip_person_edges: bool, join_initials: bool, person_from_context: bool,
    hyphenated_surnames: bool,
) -> EntitySpanRepairs:
    return EntitySpanRepairs(name, strip_person_edges, join_initials, person_from_context, hyphenated_surnames)
