"""Name shapes: which tokens can be part of a person's name, where a name starts and ends next to a
cue, and which candidate spans are not people after all (street, school and prize names, months).
Shared by the recognizers (to cut a name out of the text) and the merger (to judge every candidate,
whichever recognizer found it)."""

from __future__ import annotations

import re

from spacy.tokens import Doc

from civic.analyse.components.people.cues import PersonCues
from civic.analyse.extensions import text_of

_CREDIT_GAP = re.compile(r"[\w\s,/&'’-]*")  # between a credit cue and a name: more names, no sentence


class NameShapes:
    """The name-shape rules over the cue lists of `person_rules.json`."""

    def __init__(self, cues: PersonCues) -> None:
        self.cues = cues
        self.titles = cues.words.titles
        self.particles = cues.words.particles

    def is_name_token(self, text: str) -> bool:
        """A capitalised word that may be part of a name: not a listed non-name word, not all
        capitals, not a role word, not half a compound, not ending like a street or building."""
        cues = self.cues
        if text in cues.not_name or not text[:1].isupper() or text.isupper() and len(text) > 1 or text.endswith("-"):
            return False  # `Straßen-` in `vom Straßen- und Grünflächenamt` is half a compound
        if cues.words.is_role(text) or text in cues.postnominals:
            return False
        core = text.replace("-", "").replace("'", "").replace("’", "")
        return core.isalpha() and not text.lower().endswith(cues.bad_suffixes)

    def name_after(self, doc: Doc, i: int) -> tuple[int, int] | None:
        """The name starting at token i (titles skipped): 2–4 name tokens, particles inside."""
        while i < len(doc) and doc[i].text in self.titles:
            i += 1
        j = i
        while j < len(doc) and j - i < 5:
            text = doc[j].text
            if self.is_name_token(text) or (text in self.particles and j > i and j + 1 < len(doc)
                                            and self.is_name_token(doc[j + 1].text)):
                j += 1
            else:
                break
        while j > i and doc[j - 1].text in self.particles:
            j -= 1
        return (i, j) if j - i >= 2 else None

    def name_before(self, doc: Doc, end: int) -> tuple[int, int] | None:
        """The name ending right before token `end` (for `Name, Rolle`)."""
        i = end
        while i > 0 and end - i < 4 and (self.is_name_token(doc[i - 1].text) or doc[i - 1].text in self.particles):
            i -= 1
        while i < end and doc[i].text in self.particles:
            i += 1
        return (i, end) if end - i >= 2 else None

    def month_first_name(self, doc: Doc, i: int) -> bool:
        """`Mai` first in a candidate name (`Dr. Mai Linh Hoang`) is a given name; `3. Mai`,
        `im Mai`, `Ende Mai` are months."""
        if doc[i].text not in self.cues.first_name_months or i + 1 >= len(doc):
            return False
        before = doc[i - 1].text if i > 0 else ""
        return not (before.rstrip(".").isdigit() or before in self.cues.month_context)

    def valid(self, doc: Doc, start: int, end: int) -> bool:
        """Whether the span doc[start:end] can be a person's name where it stands."""
        cues = self.cues
        month_name = end - start >= 2 and self.month_first_name(doc, start)  # Dr. Mai Linh Hoang
        if any((t.text.lower().endswith(cues.bad_suffixes) or t.text in cues.not_name)
               and not (t.i == start and month_name) for t in doc[start:end]):
            return False
        if end < len(doc) and doc[end].text in cues.bad_next:
            return False
        before = doc[start - 1].text if start > 0 else ""
        if before[:1].isupper() and before.lower().endswith(cues.institution_before):
            return False  # die Musikschule Béla Bartók
        if self.on_credit_line(doc, start):
            return False  # © Jana Beispielfrau, Bild: Tom Probemann
        if end < len(doc) and doc[end].text.startswith("-") and doc[end].text[1:].lower().endswith(cues.bad_suffixes):
            return False
        return True

    def on_credit_line(self, doc: Doc, start: int) -> bool:
        """Whether token `start` stands in an image credit (`person_rules.json`): on a line that
        starts with one (`© Name`), or after a credit cue inside its line (`… (Foto: Name)`) with
        nothing but names and separators between."""
        text = text_of(doc)
        line_start = text.rfind("\n", 0, doc[start].idx) + 1
        before = text[line_start:doc[start].idx]
        if before.lstrip().startswith(self.cues.credit_starts):
            return True
        cue_end = max((before.rfind(cue) + len(cue) for cue in self.cues.credit_inline if cue in before), default=-1)
        return cue_end >= 0 and _CREDIT_GAP.fullmatch(before[cue_end:]) is not None

    def is_initial(self, token: str) -> bool:
        """`M.` in `M. Beispiel`: an initial, not a given name."""
        return self.cues.initial.fullmatch(token) is not None

    def surname_with_particle(self, tokens: tuple[str, ...], full: tuple[str, ...]) -> bool:
        """`Van Dijk` (capitalised at a sentence start) is the surname of `Pieter van Dijk`."""
        n = len(tokens)
        return (n < len(full) and tokens[0].lower() in self.particles
                and [t.lower() for t in tokens] == [t.lower() for t in full[-n:]])
