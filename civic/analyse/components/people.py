"""People: named persons in the body, with roles, merged across mentions.

Candidates come from two recognizers: PER entities of the NER model (when the pipeline has one)
and role/quote rules (`Bezirksstadträtin Anna Beispiel`, `Gordon Lemm, Bezirksbürgermeister:`,
`sagt Anna Beispiel`, `Dr. Anna Beispiel`) with role words from `resources/roles.txt`.
Candidates inside street, school, building or prize names are dropped
(`resources/person_rules.json`). Each person is listed once under the most complete name; a
surname-only mention joins the person with that surname, and someone only ever named by one
name is not listed (record.md).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span

from civic.analyse.components.role_words import RoleWords
from civic.analyse.extensions import text_of
from civic.resource_files import read_json

PERSON_LABELS = {"PER", "PERSON"}


@dataclass
class Person:
    name: str
    tokens: tuple[str, ...]
    roles: list[str] = field(default_factory=list)
    mentions: list[tuple[int, int]] = field(default_factory=list)

    @property
    def surname(self) -> str:
        return self.tokens[-1]


class PeopleRecognizer:
    """Writes `doc._.people`: [{name, roles, mentions: [{start, end, text}]}]."""

    def __init__(self, nlp: Language, name: str = "civic_people", use_rules: bool = True) -> None:
        self.name = name
        self.use_rules = use_rules
        rules = read_json("person_rules.json")
        words = RoleWords()
        self.roles, self.titles = words.roles, words.titles
        self.particles, self.speech_verbs = words.particles, words.speech_verbs
        self.is_role = words.is_role
        self.bad_suffixes = tuple(rules["non_person_suffixes"])
        self.bad_next = set(rules["non_person_next"])
        self.institution_before = tuple(rules["institution_before_name"])
        self.not_name = set(rules["not_name_words"]) | self.roles
        self.first_name_months = set(rules["first_name_months"])
        self.role_complement_starts = set(rules["role_complement_starts"])
        self.role_joiners = set(rules["role_list_joiners"])
        self.month_context = set(rules["month_context_words"])
        self.role_endings_in = words.role_endings_in
        self.use_ner = "ner" in nlp.pipe_names
        self.matcher = Matcher(nlp.vocab)
        self.matcher.add("TRIGGER", [[{"ORTH": {"IN": sorted(self.roles | self.speech_verbs | self.titles)}}]])
        self.matcher.add("NAME_COMMA_ROLE", [[{"ORTH": ","}, {"ORTH": {"IN": sorted(self.roles | self.titles)}}]])

    # --- name shapes -------------------------------------------------------------------------
    def _is_name_token(self, text: str) -> bool:
        if text in self.not_name or not text[:1].isupper() or text.isupper() and len(text) > 1 or text.endswith("-"):
            return False  # `Straßen-` in `vom Straßen- und Grünflächenamt` is half a compound
        if self.is_role(text):
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "")
        return core.isalpha() and not text.lower().endswith(self.bad_suffixes)

    def _name_after(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """The name starting at token i (titles skipped): 2–4 name tokens, particles inside."""
        while i < len(doc) and doc[i].text in self.titles:
            i += 1
        j = i
        while j < len(doc) and j - i < 5:
            text = doc[j].text
            if self._is_name_token(text) or (text in self.particles and j > i and j + 1 < len(doc)
                                             and self._is_name_token(doc[j + 1].text)):
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in self.particles:
            j -= 1
        return (i, j) if j - i >= 2 else None

    def _name_before(self, doc: Doc, end: int) -> tuple[int, int] | None:
        """The name ending right before token `end` (for `Name, Rolle`)."""
        i = end
        while i > 0 and end - i < 4 and (self._is_name_token(doc[i - 1].text) or doc[i - 1].text in self.particles):
            i -= 1
        while i < end and doc[i].text in self.particles:
            i += 1
        return (i, end) if end - i >= 2 else None

    def _skip_role_phrase(self, doc: Doc, i: int) -> int:
        """After a role word, the position where the name starts.

        `Bezirksstadträtin Anna Beispiel` -> right away; `Bezirksstadtrat für Umwelt und Natur,
        Henrik Almstedt,` or `die Geschäftsführerin der Stadtbau Ost, Daniela Wutke-Haas.` -> the
        name after the comma that closes the role phrase (it must be followed by 2–4 name tokens
        and then punctuation or a lower-case word); `Stadträtin für Jugend Anna Beispiel` -> after
        the portfolio words."""
        j = i
        while j < len(doc) and j - i < 14 and not doc[j].is_sent_end and doc[j].text not in ".:;„“\"()":
            if doc[j].text == "," and j > i:
                first = k = j + 1
                while first < len(doc) and doc[first].text in self.titles:  # `…, Dr. Anna Beispiel`
                    first += 1
                k = first
                while k < len(doc) and self._is_name_token(doc[k].text):
                    k += 1
                if 2 <= k - first <= 4 and (k == len(doc) or doc[k].is_punct or doc[k].is_lower):
                    return j + 1
            j += 1
        if i < len(doc) and doc[i].lower_ == "für":
            # `Bezirksstadträtin für Bildung, Kultur und Sport Karin Wolff-Adebayo`: the model's
            # person span tells where the portfolio ends; without one, known portfolio words do
            run_end = self._capitalised_run(doc, i + 1, len(doc), joiners=True)
            person = next((e.start for e in doc.ents if e.label_ in PERSON_LABELS and i < e.start < run_end), None)
            if person is not None:
                return person
            i += 1
            while i < len(doc) and (doc[i].text in self.not_name or doc[i].lower_ in ("und", "&")
                                    or doc[i].text == "," and i + 1 < len(doc) and doc[i + 1].text in self.not_name):
                i += 1
        return i

    def _month_first_name(self, doc: Doc, i: int) -> bool:
        """`Mai` first in a candidate name (`Dr. Mai Linh Hoang`) is a given name; `3. Mai`,
        `im Mai`, `Ende Mai` are months."""
        if doc[i].text not in self.first_name_months or i + 1 >= len(doc):
            return False
        before = doc[i - 1].text if i > 0 else ""
        return not (before.rstrip(".").isdigit() or before in self.month_context)

    def _valid(self, doc: Doc, start: int, end: int) -> bool:
        span = doc[start:end]
        month_name = end - start >= 2 and self._month_first_name(doc, start)  # Dr. Mai Linh Hoang
        if any((t.text.lower().endswith(self.bad_suffixes) or t.text in self.not_name)
               and not (t.i == start and month_name) for t in span):
            return False
        if end < len(doc) and doc[end].text in self.bad_next:
            return False
        before = doc[start - 1].text if start > 0 else ""
        if before[:1].isupper() and before.lower().endswith(self.institution_before):
            return False  # die Musikschule Béla Bartók
        if end < len(doc) and doc[end].text.startswith("-") and doc[end].text[1:].lower().endswith(self.bad_suffixes):
            return False
        return True

    def _surname_with_particle(self, tokens: tuple[str, ...], person: Person) -> bool:
        """`Van Dijk` (capitalised at a sentence start) is the surname of `Pieter van Dijk`."""
        n = len(tokens)
        return (n < len(person.tokens) and tokens[0].lower() in self.particles
                and [t.lower() for t in tokens] == [t.lower() for t in person.tokens[-n:]])

    # --- roles ---------------------------------------------------------------------------------
    def _capitalised_run(self, doc: Doc, j: int, limit: int, joiners: bool) -> int:
        """The end of a run of capitalised words from j (`Polizei Berlin`, `ADFC Steglitz-Zehlendorf`;
        with ``joiners`` also `Bildung, Kultur und Sport`), never past ``limit``."""
        start = j
        while j < limit:
            text = doc[j].text
            if text[:1].isupper() and text not in self.speech_verbs and text.replace("-", "").isalnum():
                j += 1
            elif j > start and j + 1 < limit and doc[j + 1].text[:1].isupper() and (
                    joiners and (text in self.role_joiners or text == ",")
                    or text in self.role_joiners and doc[j - 1].text.endswith("-")):  # Kinder- und Jugend…
                j += 1
            else:
                break
        while j > start and (doc[j - 1].text in self.role_joiners or doc[j - 1].text == ","):
            j -= 1  # `für Schule und Sport, Dr. …`: the comma before a title is not part of the role
        return j

    def _role_phrase(self, doc: Doc, k: int, limit: int | None = None) -> str:
        """Role word at k with what follows it, never past ``limit`` (the name after a role):
        a `für …` portfolio (`Bezirksstadträtin für Bildung, Kultur und Sport`) and complements
        (`Sprecherin der Polizei Berlin`, `Leiterin der Wirtschaftsförderung im Bezirksamt`)."""
        limit = len(doc) if limit is None else limit
        end = k + 1
        if end < limit and doc[end].lower_ == "für":
            j = self._capitalised_run(doc, end + 1, limit, joiners=True)
            if j > end + 1:
                end = j
        for _ in range(2):  # up to two complements: der Wirtschaftsförderung | im Bezirksamt
            j = end
            if j >= limit or doc[j].text not in self.role_complement_starts:
                break
            j += 1
            if doc[j - 1].text == "in":  # `in der BVV` belongs to the role, `in Weißensee` is where
                if j >= limit or doc[j].text not in ("der", "den", "dem", "des"):
                    break
                j += 1
            while j < limit and doc[j].is_lower and doc[j].is_alpha and doc[j].text.endswith(("e", "en", "er", "es")):
                j += 1
            run_end = self._capitalised_run(doc, j, limit, joiners=False)
            if run_end == j:
                break
            end = run_end
        return doc[k:end].text

    def _roles_for(self, doc: Doc, start: int, end: int) -> list[str]:
        roles: list[str] = []
        # titles and role words right before the name (role phrase may sit between)
        i = start
        while i > 0 and doc[i - 1].text in self.titles:
            roles.insert(0, doc[i - 1].text)
            i -= 1
        for k in range(i - 1, max(i - 16, -1), -1):
            if self.is_role(doc[k].text):
                if self._skip_role_phrase(doc, k + 1) == i:
                    roles.insert(0, self._role_phrase(doc, k, limit=i))
                break
            if doc[k].is_punct and doc[k].text != ",":
                break
        # `Name zur neuen Bezirksstadträtin für … (gewählt)`
        if end + 1 < len(doc) and doc[end].lower_ in ("zum", "zur"):
            k = end + 1
            while k < len(doc) and doc[k].is_lower and doc[k].is_alpha:
                k += 1
            if k < len(doc) and self.is_role(doc[k].text):
                roles.append(self._role_phrase(doc, k))
        # `Name, Rolle …`
        if end + 1 < len(doc) and doc[end].text == ",":
            k = end + 1
            while k < len(doc) and doc[k].text in self.titles:
                roles.append(doc[k].text)
                k += 1
            if k < len(doc) and self.is_role(doc[k].text):
                roles.append(self._role_phrase(doc, k))
        return roles

    # --- main --------------------------------------------------------------------------------
    def _role_word_hits(self, doc: Doc) -> list[tuple[int, int, int]]:
        """(match_id, start, end) like the Matcher's, for words with a role ending."""
        hits = []
        trigger = doc.vocab.strings["TRIGGER"]
        comma_role = doc.vocab.strings["NAME_COMMA_ROLE"]
        for m in self.role_endings_in(text_of(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is None or len(span) != 1:
                continue
            hits.append((trigger, span.start, span.end))
            if span.start > 0 and doc[span.start - 1].text == ",":
                hits.append((comma_role, span.start - 1, span.end))
        return hits

    def _candidates(self, doc: Doc) -> list[tuple[int, int]]:
        spans: list[tuple[int, int]] = []
        for ent in doc.ents if self.use_ner else ():
            if ent.label_ in PERSON_LABELS:
                s, e = ent.start, ent.end
                # the model sometimes takes a title or role into the name: Ladeninhaber Köhler
                while s < e and (doc[s].text in self.titles or self.is_role(doc[s].text)):
                    s += 1
                if s < e:
                    spans.append((s, e))
        if self.use_rules:
            for key, start, end in list(self.matcher(doc)) + self._role_word_hits(doc):
                label = doc.vocab.strings[key]
                if label == "TRIGGER":
                    i = self._skip_role_phrase(doc, end) if self.is_role(doc[start].text) else end
                    found = self._name_after(doc, i)
                    if doc[start].text in self.titles:
                        found = found or self._name_after(doc, start + 1)
                else:
                    found = self._name_before(doc, start)
                if found:
                    spans.append(found)
        return spans

    def __call__(self, doc: Doc) -> Doc:
        candidates = sorted({c for c in self._candidates(doc) if self._valid(doc, *c)})
        people: dict[str, Person] = {}
        by_surname: dict[str, Person] = {}
        singles: list[tuple[int, int]] = []
        taken: set[int] = set()
        for start, end in sorted(candidates, key=lambda c: (-(c[1] - c[0]), c[0])):
            if any(i in taken for i in range(start, end)):
                continue
            if end - start < 2:
                singles.append((start, end))
                continue
            tokens = tuple(t.text for t in doc[start:end])
            key = " ".join(tokens)
            person = people.get(key)
            if person is None:
                # a shorter full form (Anna Schmidt) of a longer one (Anna Maria Schmidt) is the same person
                person = next((p for p in people.values() if p.surname == tokens[-1]
                               and (p.tokens[0] == tokens[0] or self._surname_with_particle(tokens, p))), None)
                if person is None:
                    person = people[key] = Person(name=doc[start:end].text, tokens=tokens)
                by_surname.setdefault(tokens[-1], person)
            person.mentions.append((start, end))
            for role in self._roles_for(doc, start, end):
                if role not in person.roles:
                    person.roles.append(role)
            taken.update(range(start, end))
        if by_surname:
            # surname-only mentions, from the NER model or anywhere in the text
            pattern = re.compile(r"(?<![\w\-])(" + "|".join(re.escape(s) for s in by_surname) + r")s?(?![\w\-])")
            for m in pattern.finditer(text_of(doc)):
                span = doc.char_span(m.start(), m.end())
                if span is None or any(i in taken for i in range(span.start, span.end)):
                    continue
                if not self._valid(doc, span.start, span.end):
                    continue
                by_surname[m.group(1)].mentions.append((span.start, span.end))
                taken.update(range(span.start, span.end))
        doc._.people = [self._entry(doc, p) for p in people.values()]
        return doc

    @staticmethod
    def _entry(doc: Doc, person: Person) -> dict:
        mentions = []
        for start, end in sorted(person.mentions):
            span: Span = doc[start:end]
            mentions.append({"start": span.start_char, "end": span.end_char, "text": span.text})
        return {"name": person.name, "roles": person.roles, "mentions": mentions}


@Language.factory("civic_people", default_config={"use_rules": True})
def make_people(nlp: Language, name: str, use_rules: bool) -> PeopleRecognizer:
    return PeopleRecognizer(nlp, name, use_rules)
