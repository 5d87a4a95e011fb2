"""People (components/people/): each recognizer on its own, on a blank tokenizer (positive and
negative), the merger's decisions on given candidates, the registry and config, and a few cases
end to end through the full pipeline (NER model + recognizers) as a user runs it."""

from __future__ import annotations

import pytest
from spacy.tokens import Doc
from spacy.util import RegistryError

from civic.analyse.components.people import DEFAULT_RECOGNIZERS, Candidate, Recognizer, people_recognizers


def _doc(nlp, text: str, persons: tuple[str, ...] = (), label: str = "PER") -> Doc:
    doc = nlp.make_doc(text)
    spans = []
    for surface in persons:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    return doc


def found(nlp, recognizer: str, text: str, persons: tuple[str, ...] = (), label: str = "PER") -> list[str]:
    """The texts of one recognizer's candidates, each checked for its score and reason."""
    component = nlp.get_pipe("civic_people")
    [rec] = [r for r in component.recognizers if r.name == recognizer]
    doc = _doc(nlp, text, persons, label)
    candidates = rec.analyze(doc)
    assert all(c.reason == recognizer and 0 < c.score <= 1 for c in candidates)
    return [doc[c.start:c.end].text for c in candidates]


RECOGNIZER_CASES = [
    ("ner_span", "Das bestätigte SAGA-Sprecher Mario Spitzmüller.", ("SAGA-Sprecher Mario Spitzmüller",),
     ["Mario Spitzmüller"]),
    ("ner_span", "Das bestätigte Dr. Anna Beispiel.", ("Dr. Anna Beispiel",), ["Anna Beispiel"]),
    ("ner_span", "Es sprach Bezirksbürgermeister.", ("Bezirksbürgermeister",), []),
    ("ner_span", "Das Fest ist in Pankow.", (), []),
    ("role_before_name", "Bezirksstadträtin Anna Beispiel eröffnet die Kita.", (), ["Anna Beispiel"]),
    ("role_before_name", "Das sagt BVG-Sprecherin Janina Adeyemi.", (), ["Janina Adeyemi"]),
    ("role_before_name", "Es sprach die Geschäftsführerin der Stadtbau Ost, Daniela Wutke-Haas.", (),
     ["Daniela Wutke-Haas"]),
    ("role_before_name", "Die Bezirksstadträtin kommt morgen.", (), []),
    ("role_before_name", "Sagt Anna Beispiel.", (), []),
    ("name_comma_role", "„Gut“, sagt Janina Adeyemi, Sprecherin der BVG.", (), ["Janina Adeyemi"]),
    ("name_comma_role", "„Gut“, sagt Jonas Feldmann, Dr. der Chemie.", (), ["Jonas Feldmann"]),
    ("name_comma_role", "Am Montag, Sprecherin der BVG, war Ruhe.", (), []),
    ("name_comma_role", "„Gut“, sagt Janina Adeyemi, die Sprecherin.", (), []),
    ("speech_verb", "„Es geht voran“, so Miriam Okafor.", (), ["Miriam Okafor"]),
    ("speech_verb", "„Das freut uns“, betonte Jonas Weber am Abend.", (), ["Jonas Weber"]),
    ("speech_verb", "„Das freut uns“, sagt die Stadträtin.", (), []),
    ("speech_verb", "Miriam Okafor und Jonas Weber kommen.", (), []),
    ("title", "Die Rede hält Dr. Anna Beispiel.", (), ["Anna Beispiel"]),
    ("title", "Die Rede hält Prof. Dr. Anna Beispiel.", (), ["Anna Beispiel"]),
    ("title", "Wer den Titel Dr. führt, muss ihn belegen.", (), []),
    ("signature", "Mit freundlichen Grüßen\n\nDetlef Beispielkamp\nVorstandsvorsitzender\n", (),
     ["Detlef Beispielkamp"]),
    ("signature", "Die Sprechstunde ist offen.\nMarion Probe-Bartels\nVorsitzende des Vereins", (),
     ["Marion Probe-Bartels"]),
    ("signature", "Wir danken Detlef Beispielkamp\nVorstandsvorsitzender ist er seit 2019.", (), []),
    ("signature", "Detlef Beispielkamp\nDer Verein lädt ein.", (), []),
]


@pytest.mark.parametrize("recognizer,text,persons,expected", RECOGNIZER_CASES,
                         ids=[f"{c[0]}:{c[1][:40]}" for c in RECOGNIZER_CASES])
def test_recognizer(rules_nlp, recognizer, text, persons, expected):
    assert found(rules_nlp, recognizer, text, persons) == expected


def test_a_place_span_is_no_ner_evidence(rules_nlp):
    assert found(rules_nlp, "ner_span", "Das Fest ist in Anna Beispiel.", ("Anna Beispiel",), label="LOC") == []


def merged(nlp, text: str, spans: list[str]) -> dict[str, list[str]]:
    """Give the merger candidates for the surfaces in ``spans``; return name -> mention texts."""
    component = nlp.get_pipe("civic_people")
    doc = nlp.make_doc(text)
    candidates = []
    for surface in spans:
        start = text.index(surface)
        span = doc.char_span(start, start + len(surface))
        candidates.append(Candidate(span.start, span.end, 0.5, "test"))
    return {p.name: [doc[s:e].text for s, e in sorted(p.mentions)] for p in component.merger.merge(doc, candidates)}


def test_merger_prefers_the_longest_span_and_joins_shorter_forms_and_surnames(rules_nlp):
    text = "Anna Maria Schmidt kam. Danach sprach Anna Schmidt. Schmidt ging früh."
    assert merged(rules_nlp, text, ["Maria Schmidt", "Anna Maria Schmidt", "Anna Schmidt"]) == {
        "Anna Maria Schmidt": ["Anna Maria Schmidt", "Anna Schmidt", "Schmidt"]}


def test_merger_drops_invalid_and_single_token_candidates(rules_nlp):
    assert merged(rules_nlp, "Der Weg führt zur Anna Seghers Schule. Krause kam.", ["Anna Seghers", "Krause"]) == {}


def test_merger_keeps_two_people_with_other_surnames_apart(rules_nlp):
    text = "Anna Weber und Jonas Feldmann kamen."
    assert merged(rules_nlp, text, ["Anna Weber", "Jonas Feldmann"]) == {
        "Anna Weber": ["Anna Weber"], "Jonas Feldmann": ["Jonas Feldmann"]}


def test_the_config_names_every_default_recognizer(rules_nlp):
    assert [r.name for r in rules_nlp.get_pipe("civic_people").recognizers] == list(DEFAULT_RECOGNIZERS)


@people_recognizers.register("test_form_of_address")
class FormOfAddressRecognizer(Recognizer):
    """A user's recognizer: a name after `Frau`/`Herr` (not one of the shipped ones)."""

    name, score = "test_form_of_address", 0.5

    def spans(self, doc):
        for token in doc:
            if token.text in ("Frau", "Herr") and (found := self.names.name_after(doc, token.i + 1)):
                yield found


def test_a_user_can_register_a_recognizer_and_name_it_in_the_config():
    from civic.analyse.nlp import build_nlp

    text = "Die Führung übernimmt Frau Anna Weber."
    assert build_nlp(ner="none", topics=None)(text)._.people == []
    nlp = build_nlp(ner="none", topics=None,
                    overrides={"civic_people.recognizers": [*DEFAULT_RECOGNIZERS, "test_form_of_address"]})
    assert [p["name"] for p in nlp(text)._.people] == ["Anna Weber"]


def test_an_unknown_recognizer_name_is_an_error():
    from civic.analyse.nlp import build_nlp

    with pytest.raises(RegistryError, match="no_such_recognizer"):
        build_nlp(ner="none", topics=None, overrides={"civic_people.recognizers": ["no_such_recognizer"]})


def test_without_rules_only_the_model_evidence_is_used():
    from civic.analyse.nlp import build_nlp

    nlp = build_nlp(ner="none", topics=None, overrides={"civic_people.use_rules": False})
    assert [r.name for r in nlp.get_pipe("civic_people").recognizers] == ["ner_span"]
    assert nlp("„Gut“, sagt Dr. Anna Beispiel.")._.people == []


# --- end to end, through the NER model ---------------------------------------------------------

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


def test_a_signature_gets_the_role_on_the_next_line(rules_nlp):
    doc = rules_nlp("Mit freundlichen Grüßen\n\nDetlef Beispielkamp\nVorstandsvorsitzender\n")
    assert {p["name"]: p["roles"] for p in doc._.people} == {"Detlef Beispielkamp": ["Vorstandsvorsitzender"]}


def test_a_rule_span_around_a_full_model_name_takes_the_model_bounds(rules_nlp):
    # the role rule reads `Martina Beispielfrau Wifö` (an office's abbreviation after the name)
    text = "Es sprachen GF Martina Beispielfrau Wifö und die Bezirksbürgermeisterin."
    doc = _doc(rules_nlp, text, ("Martina Beispielfrau",))
    component = rules_nlp.get_pipe("civic_people")
    rule = Candidate(doc[3].i, doc[6].i, 0.8, "role_before_name")
    model = Candidate(doc[3].i, doc[5].i, 0.85, "ner_span")
    people = component.merger.merge(doc, [rule, model])
    assert [(p.name, sorted(p.evidence)) for p in people] == [
        ("Martina Beispielfrau", ["ner_span", "role_before_name"])]


def test_a_one_token_model_span_does_not_cut_the_rule_name(rules_nlp):
    text = "Es sprach Stadträtin Marianne Schöttler-Beispiel."
    doc = _doc(rules_nlp, text, ("Marianne",))
    component = rules_nlp.get_pipe("civic_people")
    people = component.merger.merge(doc, [Candidate(3, 5, 0.8, "role_before_name"), Candidate(3, 4, 0.85, "ner_span")])
    assert [p.name for p in people] == ["Marianne Schöttler-Beispiel"]


def test_a_place_in_the_genitive_after_a_role_is_no_name(pipe):
    text = "„Wir wollen den See nicht“, machte die Bezirksbürgermeisterin Reinickendorfs Position klar."
    assert pipe.process(text, published="2024-05-02")["people"] == []
