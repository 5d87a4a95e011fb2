"""Words that stand next to a person's name without being part of it: role words, titles, forms of
address, speech verbs and name particles. Read once from `resources/` and shared by the people
recognizers and the NER span repairs, so both agree on what a role word is."""

from __future__ import annotations

import re
from collections.abc import Iterator

from spacy.tokens import Doc

from civic.analyse.extensions import text_of
from civic.resource_files import read_json, read_lines


class RoleWords:
    """Role words (`roles.txt` plus nouns with an ending from `role_suffixes.txt`), academic titles,
    speech verbs and particles (`person_rules.json`)."""

    def __init__(self) -> None:
        rules = read_json("person_rules.json")
        self.roles = {line.split()[-1] for line in read_lines("roles.txt")}
        titles = rules["titles"]["words"]
        self.titles = set(titles) | {t.split()[-1] for t in titles}
        self.particles = set(rules["particles"]["words"])
        self.speech_verbs = set(rules["speech_verbs"]["words"])
        # every ending with its feminine and plural forms: str.endswith on a tuple is one C call,
        # where a regex alternation of 150 endings backtracks through each word
        self._endings = tuple(s + e for s in read_lines("role_suffixes.txt") for e in ("", "in", "innen", "en"))

    def has_role_ending(self, text: str) -> bool:
        """A capitalised noun with a role ending (BVG-Sprecherin, Polizeihauptkommissar)."""
        return text[:1].isupper() and _WORD.fullmatch(text) is not None and text.lower().endswith(self._endings)

    def is_role(self, text: str) -> bool:
        """A role word from roles.txt, or a noun with a role ending (BVG-Sprecherin)."""
        return text in self.roles or self.has_role_ending(text)

    def base_form(self, word: str) -> str:
        """The masculine singular of a role word, so that `Bezirksstadträtin` and `Bezirksstadtrat`
        count as one role across documents (roles.txt lists both genders as written): drop `-in` /
        `-innen` and undo an umlaut in the last syllable (`-rätin` -> `-rat`, `Ärztin` -> `Arzt`)."""
        for ending in ("innen", "in"):
            if word.endswith(ending) and len(word) > len(ending) + 3 and (self.is_role(word) or word[:1].isupper()):
                stem = word[:-len(ending)]
                tail = len(stem) - 4
                for umlaut, plain in (("ä", "a"), ("ö", "o"), ("ü", "u"), ("Ä", "A"), ("Ö", "O"), ("Ü", "U")):
                    k = stem.rfind(umlaut)
                    if k >= max(tail, 0):
                        return stem[:k] + plain + stem[k + 1:]
                return stem
        return word

    def role_endings_in(self, text: str) -> Iterator[re.Match]:
        """Matches of the capitalised words in ``text`` that have a role ending."""
        return (m for m in _CAPITALISED.finditer(text) if self.has_role_ending(m.group(0)))

    def role_ending_tokens(self, doc: Doc) -> Iterator[int]:
        """Indices of the tokens that are one word with a role ending. One regex pass over the text
        is much faster than testing every token's ending in Python."""
        for m in self.role_endings_in(text_of(doc)):
            span = doc.char_span(m.start(), m.end())
            if span is not None and len(span) == 1:
                yield span.start


_WORD = re.compile(r"[\w\-]+")
_CAPITALISED = re.compile(r"(?<![\w\-])[A-ZÄÖÜ][\w\-]*")
