"""The examples in `resources/person_rules.json` and `resources/entity_rules.json`: every list there
carries short sentences with the people (or the repaired NER spans) they must give. They run on a
blank tokenizer; an example's `ents` are set as the NER model would tag them."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc

from civic.resource_files import read_json

PERSON_RULES = read_json("person_rules.json")
ENTITY_RULES = read_json("entity_rules.json")


def _examples(rules: dict) -> list[tuple[str, dict]]:
    return [(key, example) for key, entry in rules.items() if key != "_doc" for example in entry["examples"]]


def _doc_with_ents(nlp, text: str, ents: list[tuple[str, str]]) -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface), label=label)
        assert span is not None, f"{surface!r} is not a token span of {text!r}"
        spans.append(span)
    doc.ents = spans
    return doc


@pytest.mark.parametrize("rule, example", _examples(PERSON_RULES),
                         ids=[f"{k}:{e['text'][:40]}" for k, e in _examples(PERSON_RULES)])
def test_person_rule_examples(rules_nlp, rule, example):
    doc = _doc_with_ents(rules_nlp, example["text"], [(s, "PER") for s in example.get("ents", [])])
    people = rules_nlp.get_pipe("civic_people")(doc)._.people
    assert {p["name"]: p["roles"] for p in people} == example["people"]
    if "mentions" in example:
        assert {p["name"]: [m["text"] for m in p["mentions"]] for p in people} == example["mentions"]


@pytest.mark.parametrize("rule, example", _examples(ENTITY_RULES),
                         ids=[f"{k}:{e['text'][:40]}" for k, e in _examples(ENTITY_RULES)])
def test_entity_rule_examples(rules_nlp, rule, example):
    doc = _doc_with_ents(rules_nlp, example["text"], example["ents"])
    doc = rules_nlp.get_pipe("civic_entity_spans")(doc)
    assert [[e.text, e.label_] for e in doc.ents] == example["expected"]


@pytest.mark.parametrize("rules", [PERSON_RULES, ENTITY_RULES], ids=["person_rules", "entity_rules"])
def test_every_list_says_why_and_has_at_least_two_examples(rules):
    for key, entry in rules.items():
        if key == "_doc":
            continue
        assert entry["why"] and entry["examples"], key
        assert len(entry["examples"]) >= 2, key
