"""One recognizer per kind of evidence that a span of tokens is a person's name, in the manner of
Microsoft Presidio: each is a small class with its cue words and a score, and returns scored
candidates with its name as the reason. None of them decides; the merger (`merger.py`) does.

* `ner_span`: a PER span of the NER model, without a leading title or role word.
* `role_before_name`: `Bezirksstadträtin (für Bildung, Kultur und Sport) Karin Wolff-Adebayo`.
* `name_comma_role`: `Janina Adeyemi, Sprecherin der BVG`.
* `speech_verb`: `sagt Anna Beispiel`, `„…“, so Anna Beispiel`.
* `title`: `Dr. Anna Beispiel`.
* `signature`: a name alone on its line, a role word starting the next (`Anna Beispiel` / `Vorsitzende`).

The scores say how much each kind of evidence is worth on its own; the merger's precedence (longest
span first, then the leftmost) does not need them today, but they travel with each candidate.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import ClassVar

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc

from civic.analyse.components.people.names import NameShapes
from civic.analyse.components.people.registry import people_recognizers
from civic.analyse.components.people.roles import PERSON_LABELS, RolePhrases

Span = tuple[int, int]


@dataclass(frozen=True)
class Candidate:
    """A token span that may be a person's name, how sure its recognizer is, and which one it was."""

    start: int
    end: int
    score: float
    reason: str


class Recognizer:
    """Base class: subclasses set `name` and `score` and yield token spans from `spans`.

    `from_rules` is False only for evidence of a statistical model: `use_rules = false` in the
    component's config keeps those alone (`civic evaluate sample --no-people-rules`)."""

    name: ClassVar[str]
    score: ClassVar[float]
    from_rules: ClassVar[bool] = True

    def __init__(self, nlp: Language, names: NameShapes, roles: RolePhrases) -> None:
        self.names = names
        self.roles = roles
        self.words = names.cues.words

    def spans(self, doc: Doc) -> Iterable[Span]:
        raise NotImplementedError

    def analyze(self, doc: Doc) -> list[Candidate]:
        """One candidate per span, however many cues point at it (`Prof. Dr.`, a role word both
        listed and with a role ending)."""
        return [Candidate(start, end, self.score, self.name) for start, end in dict.fromkeys(self.spans(doc))]

    def _word_matcher(self, nlp: Language, words: Iterable[str], after_comma: bool = False) -> Matcher:
        """A Matcher for the cue words (optionally right after a comma), keyed by the recognizer."""
        matcher = Matcher(nlp.vocab)
        word = {"ORTH": {"IN": sorted(words)}}
        matcher.add(self.name, [[{"ORTH": ","}, word] if after_comma else [word]])
        return matcher

    def _role_path(self, doc: Doc, role: int) -> Span | None:
        """The name after the role word at token `role`, past its role phrase."""
        return self.names.name_after(doc, self.roles.skip_role_phrase(doc, role + 1))


@people_recognizers.register("ner_span")
class NerSpanRecognizer(Recognizer):
    """PER spans of the NER model (doc.ents stays empty without one). The model sometimes takes a
    title or role into the name (`Ladeninhaber Köhler`): those leading words are cut off."""

    name, score, from_rules = "ner_span", 0.85, False

    def spans(self, doc: Doc) -> Iterator[Span]:
        titles, is_role = self.words.titles, self.words.is_role
        for ent in doc.ents:
            if ent.label_ in PERSON_LABELS:
                start, end = ent.start, ent.end
                while start < end and (doc[start].text in titles or is_role(doc[start].text)):
                    start += 1
                while end > start and doc[end - 1].text in self.names.cues.postnominals:
                    end -= 1  # Iris Beispielhaus MdA
                if start < end:
                    yield start, end


@people_recognizers.register("role_before_name")
class RoleBeforeNameRecognizer(Recognizer):
    """A name after a role word (`roles.txt`, or a noun with a role ending) and its role phrase."""

    name, score = "role_before_name", 0.8

    def __init__(self, nlp: Language, names: NameShapes, roles: RolePhrases) -> None:
        super().__init__(nlp, names, roles)
        self.matcher = self._word_matcher(nlp, self.words.roles)

    def spans(self, doc: Doc) -> Iterator[Span]:
        starts = [start for _, start, _ in self.matcher(doc)] + list(self.words.role_ending_tokens(doc))
        for role in starts:
            found = self._role_path(doc, role)
            if found:
                yield found


@people_recognizers.register("name_comma_role")
class NameCommaRoleRecognizer(Recognizer):
    """A name right before `, <role word or title>`: `Martin Halbach, Sprecher der Polizei Berlin`."""

    name, score = "name_comma_role", 0.8

    def __init__(self, nlp: Language, names: NameShapes, roles: RolePhrases) -> None:
        super().__init__(nlp, names, roles)
        self.matcher = self._word_matcher(nlp, self.words.roles | self.words.titles, after_comma=True)

    def spans(self, doc: Doc) -> Iterator[Span]:
        commas = [start for _, start, _ in self.matcher(doc)]
        commas += [k - 1 for k in self.words.role_ending_tokens(doc) if k > 0 and doc[k - 1].text == ","]
        for comma in commas:
            found = self.names.name_before(doc, comma)
            if found:
                yield found


@people_recognizers.register("speech_verb")
class SpeechVerbRecognizer(Recognizer):
    """A name right after a speech verb (`sagt`, `so`, `betonte`, `person_rules.json`)."""

    name, score = "speech_verb", 0.6

    def __init__(self, nlp: Language, names: NameShapes, roles: RolePhrases) -> None:
        super().__init__(nlp, names, roles)
        self.matcher = self._word_matcher(nlp, self.words.speech_verbs)

    def spans(self, doc: Doc) -> Iterator[Span]:
        for _, start, end in self.matcher(doc):
            if self.words.is_role(doc[start].text):
                continue  # a role word is the role recognizer's evidence
            found = self.names.name_after(doc, end)
            if found:
                yield found


@people_recognizers.register("title")
class TitleRecognizer(Recognizer):
    """A name after an academic title (`Dr.`, `Prof.`, `person_rules.json`). Forms of address
    (`Herr`, `Frau`) are not evidence: they are in `not_name_words`, and the NER span repairs strip
    them from the model's spans."""

    name, score = "title", 0.6

    def __init__(self, nlp: Language, names: NameShapes, roles: RolePhrases) -> None:
        super().__init__(nlp, names, roles)
        self.matcher = self._word_matcher(nlp, self.words.titles)

    def spans(self, doc: Doc) -> Iterator[Span]:
        for _, start, end in self.matcher(doc):
            if self.words.is_role(doc[start].text) and self._role_path(doc, start):
                continue  # a title that is also a role word: the role's name comes first
            found = self.names.name_after(doc, end)
            if found:
                yield found


@people_recognizers.register("signature")
class SignatureRecognizer(Recognizer):
    """A name alone on its line with a role word starting the next line: the signature under a letter,
    a newsletter's foreword or an invitation (`Detlef Beispiel` / `Vorstandsvorsitzender`)."""

    name, score = "signature", 0.7

    def spans(self, doc: Doc) -> Iterator[Span]:
        for token in doc:
            if token.is_space and "\n" in token.text and token.i > 0:
                found = self._line_name_before(doc, token.i)
                if found and token.i + 1 < len(doc) and self.words.is_role(doc[token.i + 1].text):
                    yield found

    def _line_name_before(self, doc: Doc, newline: int) -> Span | None:
        """The name that fills the whole line ending at token `newline`, if there is one."""
        found = self.names.name_before(doc, newline)
        if found is None:
            return None
        start = found[0]
        line_start = start == 0 or doc[start - 1].is_space and "\n" in doc[start - 1].text
        return found if line_start else None


DEFAULT_RECOGNIZERS = ("ner_span", "role_before_name", "name_comma_role", "speech_verb", "title", "signature")
