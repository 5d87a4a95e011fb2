"""The `civic_people` component: runs the recognizers named in its config, lets the merger decide,
and writes `doc._.people`: [{name, roles, mentions: [{start, end, text}]}]."""

from __future__ import annotations

from collections.abc import Sequence

from spacy.language import Language
from spacy.tokens import Doc

from civic.analyse.components.people.cues import load_cues
from civic.analyse.components.people.merger import PeopleMerger, person_entry
from civic.analyse.components.people.names import NameShapes
from civic.analyse.components.people.recognizers import DEFAULT_RECOGNIZERS, Candidate, Recognizer
from civic.analyse.components.people.registry import people_recognizers
from civic.analyse.components.people.roles import RolePhrases


class PeopleComponent:
    """Recognizers (looked up by name in the registry) -> candidates -> merger -> people."""

    def __init__(self, nlp: Language, name: str = "civic_people", use_rules: bool = True,
                 recognizers: Sequence[str] = DEFAULT_RECOGNIZERS) -> None:
        self.name = name
        names = NameShapes(load_cues())
        roles = RolePhrases(names.cues, names)
        built: list[Recognizer] = [people_recognizers.get(r)(nlp, names, roles) for r in recognizers]
        # use_rules = false (`--no-people-rules`): the statistical model's evidence alone
        self.recognizers = [r for r in built if use_rules or not r.from_rules]
        self.merger = PeopleMerger(names, roles)

    def candidates(self, doc: Doc) -> list[Candidate]:
        """Every recognizer's candidates, unjudged: for inspection and for the tests."""
        return [c for recognizer in self.recognizers for c in recognizer.analyze(doc)]

    def __call__(self, doc: Doc) -> Doc:
        doc._.people = [person_entry(doc, p) for p in self.merger.merge(doc, self.candidates(doc))]
        return doc


@Language.factory("civic_people", default_config={"use_rules": True, "recognizers": list(DEFAULT_RECOGNIZERS)})
def make_people(nlp: Language, name: str, use_rules: bool, recognizers: list[str]) -> PeopleComponent:
    return PeopleComponent(nlp, name, use_rules, recognizers)
