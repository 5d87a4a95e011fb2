"""Districts: the written case file (tests/cases/districts.tsv) of names and traps."""

from __future__ import annotations

import pytest

from civic.resource_files import read_json

from .conftest import read_cases

CASES = read_cases("districts.tsv")
RULES = read_json("district_rules.json")
RULE_KEYS = [k for k in RULES if not k.startswith("_") and k != "examples"]
RULE_EXAMPLES = [(rule, example) for rule, examples in RULES["examples"].items() for example in examples]


def test_every_district_rule_has_examples():
    assert set(RULES["examples"]) == set(RULE_KEYS)
    assert all(RULES["examples"][key] for key in RULE_KEYS)


@pytest.mark.parametrize("rule, example", RULE_EXAMPLES, ids=[f"{r}:{e['text'][:40]}" for r, e in RULE_EXAMPLES])
def test_district_rule_examples(rules_nlp, rule, example):
    """The examples in district_rules.json: what each rule list makes the component find or not find."""
    doc = rules_nlp(example["text"])
    assert sorted(d["name"] for d in doc._.districts) == sorted(example["find"])
    via = {m["text"]: m["via"] for d in doc._.districts for m in d["mentions"]}
    for text, kind in example.get("via", {}).items():
        assert via.get(text) == kind, (text, via)


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"][:60] for c in CASES])
def test_district_cases(rules_nlp, case):
    doc = rules_nlp(case["sentence"])
    expected = {name for name in case["expected"].split(";") if name}
    assert {d["name"] for d in doc._.districts} == expected
    for district in doc._.districts:
        for mention in district["mentions"]:
            assert case["sentence"][mention["start"]:mention["end"]] == mention["text"]


def test_case_file_has_traps():
    assert len(CASES) >= 60
    assert len([c for c in CASES if not c["expected"]]) >= 30


def test_mention_kinds(rules_nlp):
    doc = rules_nlp("Das Bezirksamt Pankow lädt die Spandauer ein; in Köpenick-Nord und Tegel Süd wird gebaut.")
    via = {m["text"]: m["via"] for d in doc._.districts for m in d["mentions"]}
    assert via == {"Bezirksamt Pankow": "institution", "Spandauer": "demonym", "Köpenick-Nord": "name",
                   "Tegel Süd": "name"}
    levels = {d["name"]: (d["level"], d["bezirk"]) for d in doc._.districts}
    assert levels["Köpenick"] == ("ortsteil", "Treptow-Köpenick")
    assert levels["Pankow"] == ("bezirk", "Pankow")


def test_areas_are_reported_apart_from_districts(rules_nlp):
    doc = rules_nlp("Im Regierungsviertel, in Rixdorf und in Marzahn Nord wird gebaut.")
    assert {(a["name"], a["bezirk"]) for a in doc._.areas} == {
        ("Regierungsviertel", "Mitte"), ("Rixdorf", "Neukölln"), ("Marzahn Nord", "Marzahn-Hellersdorf")}
    assert {d["name"] for d in doc._.districts} == {"Marzahn"}


def test_area_list_has_no_streets_or_districts():
    from civic.resource_files import read_tsv

    names = {row["name"] for row in read_tsv("areas.tsv")}
    districts = {row["name"] for row in read_tsv("districts.tsv")}
    assert names and not names & districts
    assert not [n for n in names if n.endswith(("straße", "Straße", "allee", "Allee", "damm", "Damm"))]
