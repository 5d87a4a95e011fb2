"""Words glued at a block seam by scraping are split by the tokenizer, without touching the text."""

import spacy

from civic.analyse.glued_words import split_glued_words
from civic.analyse.nlp import default_ner, load_ner


def _tokens(nlp, text):
    return [t.text for t in nlp(text)]


def test_seam_before_a_sentence_opener_is_split():
    nlp = split_glued_words(spacy.blank("de"))
    assert _tokens(nlp, "Preise gingen an Selma Merker und Anna-Lena StraußIm Anschluss gab es Musik.")[7:10] == [
        "Strauß", "Im", "Anschluss"]
    doc = nlp("Das Fest endete spätDie Gäste gingen.")
    assert [t.text for t in doc][3:5] == ["spät", "Die"] and doc.text == "Das Fest endete spätDie Gäste gingen."


def test_mixed_case_words_stay_whole():
    nlp = split_glued_words(spacy.blank("de"))
    assert _tokens(nlp, "McDonald und BürgerAmt und DieLinke, iPhone") == [
        "McDonald", "und", "BürgerAmt", "und", "DieLinke", ",", "iPhone"]


def test_the_shipped_model_keeps_its_own_infixes_and_gets_the_seam():
    nlp = load_ner(default_ner())
    split_glued_words(nlp)  # twice is once
    assert _tokens(nlp, "Nord-Süd-Achse StraußIm") == ["Nord-Süd-Achse", "Strauß", "Im"]


def test_a_glued_seam_does_not_become_part_of_a_surname(pipe):
    text = ("Ausgezeichnet wurden Selma Bergmann, Hans-Joachim Richter und Anna-Lena StraußIm feierlichen "
            "Rahmen der Ehrenamtsfeier überreichte die Stadträtin die Urkunden.")
    names = [p["name"] for p in pipe.process(text, published="2024-12-10")["people"]]
    assert "Anna-Lena Strauß" in names and not any("StraußIm" in n for n in names)
