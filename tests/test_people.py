"""People (components/people.py): one focused case per rule, on sentences in district-news style,
through the full pipeline (NER model + rules) as a user runs it."""

from __future__ import annotations

import pytest


def people(pipe, text: str) -> dict[str, list[str]]:
    record = pipe.process(text, published="2025-03-10")
    return {p["name"]: p["roles"] for p in record["people"]}


ROLE_CASES = [
    ("a role before the name, with a portfolio list",
     "„Wir bauen weiter“, sagte Bezirksstadträtin für Bildung, Kultur und Sport Karin Wolff-Adebayo beim Richtfest.",
     {"Karin Wolff-Adebayo": ["Bezirksstadträtin für Bildung, Kultur und Sport"]}),
    ("a role phrase, a comma, then title and name (roles in text order)",
     "„Jedes Kind bekommt einen Platz“, sagt die Bezirksstadträtin für Schule und Sport, Dr. Mareike Oyelaran. "
     "Oyelaran verweist auf die neuen Container.",
     {"Mareike Oyelaran": ["Bezirksstadträtin für Schule und Sport", "Dr."]}),
    ("a role after the name keeps its complement",
     "„Die Umleitung ist ausgeschildert“, sagt Janina Adeyemi, Sprecherin der BVG. Fahrgäste sollen mehr Zeit "
     "einplanen, sagt Martin Halbach, Sprecher der Polizei Berlin.",
     {"Janina Adeyemi": ["Sprecherin der BVG"], "Martin Halbach": ["Sprecher der Polizei Berlin"]}),
    ("a place after the role is not part of it",
     "„Wir freuen uns“, sagt Ines Harnisch, Schulleiterin der Heinrich-Zille-Grundschule in Weißensee.",
     {"Ines Harnisch": ["Schulleiterin der Heinrich-Zille-Grundschule"]}),
    ("the role someone was elected to",
     "Die BVV hat Friederike Ndiaye-Lorenz zur neuen Bezirksstadträtin für Bürgerdienste und Ordnung gewählt.",
     {"Friederike Ndiaye-Lorenz": ["Bezirksstadträtin für Bürgerdienste und Ordnung"]}),
]


@pytest.mark.parametrize("rule,text,expected", ROLE_CASES, ids=[c[0] for c in ROLE_CASES])
def test_roles(pipe, rule, text, expected):
    assert people(pipe, text) == expected


def test_surname_mentions_join_the_full_name_also_with_a_particle(pipe):
    record = pipe.process("„Viele fühlen sich unsicher“, sagt Pieter van Dijk, Bezirksstadtrat für Ordnung. "
                          "Van Dijk verspricht, jeden Hinweis zu prüfen.", published="2025-03-10")
    assert [p["name"] for p in record["people"]] == ["Pieter van Dijk"]
    assert [m["text"] for m in record["people"][0]["mentions"]] == ["Pieter van Dijk", "Van Dijk"]


def test_a_month_can_be_a_given_name_but_a_date_stays_a_date(pipe):
    assert "Mai Linh Hoang" in people(pipe, "„Die Wege werden kürzer“, sagt Dr. Mai Linh Hoang, "
                                            "Bezirksstadträtin für Schule. Hoang ist zufrieden.")
    record = pipe.process("Am 3. Mai Anna Schmidt zu treffen, war der Plan von Klaus Weber.", published="2025-03-10")
    assert not any(p["name"].startswith("Mai") for p in record["people"])


def test_names_inside_streets_and_schools_are_not_people(pipe):
    assert people(pipe, "Das Fest findet in der Karl-Marx-Allee und an der Anna-Seghers-Schule statt.") == {}


def test_a_name_after_an_institution_noun_names_the_institution(pipe):
    assert people(pipe, "Übermorgen lädt die Musikschule Béla Bartók zum Tag der offenen Tür ein.") == {}


def test_a_name_stops_before_half_a_compound(pipe):
    found = people(pipe, "Gärtnermeister Hüseyin Karaca vom Straßen- und Grünflächenamt pflanzt die Bäume.")
    assert found == {"Hüseyin Karaca": ["Gärtnermeister"]}


def test_someone_named_only_by_surname_is_not_listed(pipe):
    found = people(pipe, "Kritik kommt vom örtlichen Fahrradclub. Radaktivist Krause bemängelt die Planung.")
    assert found == {}
