"""The cue data of the people recognizers, read once from `resources/person_rules.json` (each list
there says why it exists and carries the examples the tests run) and the role word files."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from civic.analyse.components.districts import load_districts
from civic.analyse.components.people.role_words import RoleWords
from civic.resource_files import read_json


@dataclass(frozen=True)
class PersonCues:
    """Every word list the recognizers, the name shapes and the role phrases consult."""

    words: RoleWords
    bad_suffixes: tuple[str, ...]
    bad_next: frozenset[str]
    institution_before: tuple[str, ...]
    not_name: frozenset[str]
    first_name_months: frozenset[str]
    month_context: frozenset[str]
    role_complement_starts: frozenset[str]
    role_joiners: frozenset[str]
    credit_starts: tuple[str, ...]
    credit_inline: tuple[str, ...]
    postnominals: frozenset[str]
    initial: re.Pattern


def _place_genitives() -> frozenset[str]:
    """`Reinickendorfs`, `Berlins`: a place in the genitive after a role word (`die
    Bezirksbürgermeisterin Reinickendorfs Position`) is no name; from the gazetteer."""
    return frozenset(f"{name}s" for name in [*load_districts(), "Berlin"] if not name.endswith(("s", "z", "ß")))


@cache
def load_cues() -> PersonCues:
    """The cues, shared by every people component (they never change while the program runs)."""
    rules = read_json("person_rules.json")

    def words(key: str) -> list[str]:
        return rules[key]["words"]

    role_words = RoleWords()
    return PersonCues(
        words=role_words,
        bad_suffixes=tuple(words("non_person_suffixes")),
        bad_next=frozenset(words("non_person_next")),
        institution_before=tuple(words("institution_before_name")),
        not_name=frozenset(words("not_name_words")) | frozenset(role_words.roles) | _place_genitives(),
        first_name_months=frozenset(words("first_name_months")),
        month_context=frozenset(words("month_context_words")),
        role_complement_starts=frozenset(words("role_complement_starts")),
        role_joiners=frozenset(words("role_list_joiners")),
        credit_starts=tuple(words("credit_line_starts")),
        credit_inline=tuple(words("credit_inline_cues")),
        postnominals=frozenset(words("postnominal_titles")),
        initial=re.compile(rules["initial_given_names"]["pattern"]),
    )
