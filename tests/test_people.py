"""People (components/people.py): one focused case per rule, on sentences in district-news style,
through the full pipeline (NER model + rules) as a user runs it."""

from __future__ import annotations


def people(pipe, text: str) -> dict[str, list[str]]:
    record = pipe.process(text, published="2025-03-10")
    return {p["name"]: p["roles"] for p in record["people"]}


def test_role_before_the_name_with_a_portfolio_list(pipe):
    found = people(pipe, "„Wir bauen weiter“, sagte Bezirksstadträtin für Bildung, Kultur und Sport "
                         "Karin Wolff-Adebayo beim Richtfest.")
    assert found == {"Karin Wolff-Adebayo": ["Bezirksstadträtin für Bildung, Kultur und Sport"]}


def test_role_phrase_then_comma_then_title_and_name(pipe):
    found = people(pipe, "„Jedes Kind bekommt einen Platz“, sagt die Bezirksstadträtin für Schule und Sport, "
                         "Dr. Mareike Oyelaran. Oyelaran verweist auf die neuen Container.")
    assert found == {"Mareike Oyelaran": ["Bezirksstadträtin für Schule und Sport", "Dr."]}  # in text order


def test_role_after_the_name_keeps_its_complement(pipe):
    found = people(pipe, "„Die Umleitung ist ausgeschildert“, sagt Janina Adeyemi, Sprecherin der BVG. "
                         "Fahrgäste sollen mehr Zeit einplanen, sagt Martin Halbach, Sprecher der Polizei Berlin.")
    assert found == {"Janina Adeyemi": ["Sprecherin der BVG"], "Martin Halbach": ["Sprecher der Polizei Berlin"]}


def test_a_place_after_the_role_is_not_part_of_it(pipe):
    found = people(pipe, "„Wir freuen uns“, sagt Ines Harnisch, Schulleiterin der Heinrich-Zille-Grundschule "
                         "in Weißensee.")
    assert found == {"Ines Harnisch": ["Schulleiterin der Heinrich-Zille-Grundschule"]}


def test_role_the_person_was_elected_to(pipe):
    found = people(pipe, "Die BVV hat Friederike Ndiaye-Lorenz zur neuen Bezirksstadträtin für Bürgerdienste "
                         "und Ordnung gewählt.")
    assert found == {"Friederike Ndiaye-Lorenz": ["Bezirksstadträtin für Bürgerdienste und Ordnung"]}


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


def test_a_name_stops_before_half_a_compound(pipe):
    found = people(pipe, "Gärtnermeister Hüseyin Karaca vom Straßen- und Grünflächenamt pflanzt die Bäume.")
    assert found == {"Hüseyin Karaca": ["Gärtnermeister"]}


def test_someone_named_only_by_surname_is_not_listed(pipe):
    found = people(pipe, "Kritik kommt vom örtlichen Fahrradclub. Radaktivist Krause bemängelt die Planung.")
    assert found == {}
