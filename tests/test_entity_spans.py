"""Span repairs after the NER model (components/entity_spans.py): one test per repair, on sentences
with the model's typical mistakes set as `doc.ents`, and the sentences each repair must leave alone."""

from __future__ import annotations

import pytest
import spacy

from civic.analyse.nlp import register_components

register_components()  # the package __init__ imports no component; this registers civic_entity_spans


@pytest.fixture(scope="module")
def nlp():
    nlp = spacy.blank("de")
    nlp.add_pipe("civic_entity_spans")
    return nlp


def repaired(nlp, text: str, ents: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Tag the (surface, label) pairs as the model would, run the repairs, return the new entities."""
    doc = nlp.make_doc(text)
    spans = []
    for surface, label in ents:
        start = text.index(surface)
        spans.append(doc.char_span(start, start + len(surface), label=label))
    doc.ents = spans
    doc = nlp.get_pipe("civic_entity_spans")(doc)
    return [(e.text, e.label_) for e in doc.ents]


def test_role_words_and_forms_of_address_leave_the_person_span(nlp):
    text = "Das bestätigte SAGA-Sprecher Mario Spitzmüller am Montag, wie Herrn Krause mitgeteilt wurde."
    got = repaired(nlp, text, [("SAGA-Sprecher Mario Spitzmüller", "PER"), ("Herrn Krause", "PER")])
    assert got == [("Mario Spitzmüller", "PER"), ("Krause", "PER")]


def test_a_trailing_particle_leaves_the_person_span(nlp):
    assert repaired(nlp, "Es sprach David von der Gemeinde.", [("David von", "PER")]) == [("David", "PER")]


def test_a_single_role_word_tagged_as_person_is_kept_whole(nlp):
    # nothing would be left after stripping: the span stays as the model tagged it
    assert repaired(nlp, "Es sprach Bezirksbürgermeister.", [("Bezirksbürgermeister", "PER")]) == [
        ("Bezirksbürgermeister", "PER")
    ]


def test_persons_around_a_middle_initial_are_one_name(nlp):
    text = "Der Gesandte Robert R . Livingston verhandelte in Paris ."
    got = repaired(nlp, text, [("Robert", "PER"), ("Livingston", "PER"), ("Paris", "LOC")])
    assert got == [("Robert R . Livingston", "PER"), ("Paris", "LOC")]


def test_two_people_in_a_list_stay_two(nlp):
    text = "Es spielten Pinnick , Tabor und Gaskill ."
    ents = [("Pinnick", "PER"), ("Tabor", "PER"), ("Gaskill", "PER")]
    assert repaired(nlp, text, ents) == ents


def test_a_place_label_after_a_role_word_becomes_a_person(nlp):
    got = repaired(nlp, "Nachdem Präsident Cleveland die Wahl verloren hatte .", [("Cleveland", "LOC")])
    assert got == [("Cleveland", "PER")]


def test_a_genitive_after_a_role_word_stays_a_place(nlp):
    text = "Der Präsident Frankreichs reiste ab ."
    assert repaired(nlp, text, [("Frankreichs", "LOC")]) == [("Frankreichs", "LOC")]


def test_the_speaker_after_a_speech_verb_is_a_person(nlp):
    text = "„ Das bringt nichts “ , sagte Schönberg , der heftig kritisierte ."
    assert repaired(nlp, text, [("Schönberg", "LOC")]) == [("Schönberg", "PER")]


def test_a_place_after_a_speech_verb_inside_a_clause_stays(nlp):
    text = "Das sagte Berlin seinen Partnern zu ."
    assert repaired(nlp, text, [("Berlin", "LOC")]) == [("Berlin", "LOC")]


def test_each_repair_can_be_switched_off():
    nlp = spacy.blank("de")
    nlp.add_pipe("civic_entity_spans", config={"person_from_context": False})
    assert repaired(nlp, "Nachdem Präsident Cleveland verlor .", [("Cleveland", "LOC")]) == [("Cleveland", "LOC")]


def test_a_double_surname_left_outside_the_first_name_joins_it(nlp):
    text = "„Das ist kein Luxus“, sagt die Direktorin, Prof. Dr. Marianne Schöttler-Aziz."
    assert repaired(nlp, text, [("Marianne", "PER")]) == [("Marianne Schöttler-Aziz", "PER")]


def test_a_hyphenated_word_after_a_genitive_or_tagged_is_not_a_surname(nlp):
    text = "Merkels Video-Podcast und Anna Weber Berlin-Mitte ."
    ents = [("Merkels", "PER"), ("Anna Weber", "PER"), ("Berlin-Mitte", "LOC")]
    assert repaired(nlp, text, ents) == ents


def test_a_quoted_nickname_joins_first_name_and_surname(nlp):
    text = "Damals war Uwe „Funkturm“ Kliemann Trainer."
    assert repaired(nlp, text, [("Uwe „Funkturm", "PER"), ("Kliemann", "PER")]) == [("Uwe „Funkturm“ Kliemann", "PER")]


def test_the_listed_name_leaves_the_nickname_out(pipe):
    text = "Bei Hertha BSC war Uwe „Funkturm“ Kliemann damals Trainer."
    people = pipe.process(text, published="2025-05-01")["people"]
    assert [(p["name"], [m["text"] for m in p["mentions"]]) for p in people] == [
        ("Uwe Kliemann", ["Uwe „Funkturm“ Kliemann"])]
