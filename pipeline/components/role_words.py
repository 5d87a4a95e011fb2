"""Words that stand next to a person's name without being part of it: role words, titles, forms of
address, speech verbs and name particles. Read once from `resources/` and shared by the people
component and the NER span repairs, so both agree on what a role word is."""

from __future__ import annotations

import re

from ..resources import read_json, read_lines


class RoleWords:
    """Role words (`roles.txt` plus nouns with an ending from `role_suffixes.txt`), academic titles,
    speech verbs and particles (`person_rules.json`)."""

    def __init__(self) -> None:
        rules = read_json("person_rules.json")
        self.roles = {line.split()[-1] for line in read_lines("roles.txt")}
        self.titles = set(rules["titles"]) | {t.split()[-1] for t in rules["titles"]}
        self.particles = set(rules["particles"])
        self.speech_verbs = set(rules["speech_verbs"])
        suffixes = "|".join(sorted(map(re.escape, read_lines("role_suffixes.txt")), key=len, reverse=True))
        self.role_pattern = rf"[\w\-]*(?:{suffixes})(?:in|innen|en)?"
        self._role_re = re.compile(self.role_pattern, re.IGNORECASE)

    def is_role(self, text: str) -> bool:
        """A role word from roles.txt, or a noun with a role ending (BVG-Sprecherin)."""
        return text in self.roles or (text[:1].isupper() and bool(self._role_re.fullmatch(text)))
