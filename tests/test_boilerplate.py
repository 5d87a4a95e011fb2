"""Boilerplate rules: each rule matches its example and not its counter-example; body spans of
the sample corpus and the seed article are exactly the article; nothing comes from chrome."""

from __future__ import annotations

import json

import pytest

from civic.clean.body import find_body, load_rules, matching_rule

from .conftest import SAMPLE, SHARED, needs_shared

RULES = load_rules()


@pytest.mark.parametrize("rule", RULES, ids=lambda r: f"{r.kind}-{r.name}")
def test_rule_matches_its_example_and_not_its_counter(rule):
    assert matching_rule(rule.example, rule.kind) is not None, rule.example
    assert rule.pattern.fullmatch(rule.example.strip())
    assert not rule.pattern.fullmatch(rule.counter.strip()), rule.counter


def test_body_skips_top_chrome_and_stops_at_end_chrome():
    text = ("Wir verwenden Cookies, um die Seite zu verbessern.\nPankow\n\nNeue Bänke im Bürgerpark\n\n"
            "Das Bezirksamt Pankow stellt am 3. Mai neue Bänke auf.\n\nTeilen: Facebook | X\n\n"
            "Verwandte Beiträge\n\nSpandau feiert am 4. Mai")
    body = find_body(text)
    expected = "Neue Bänke im Bürgerpark\n\nDas Bezirksamt Pankow stellt am 3. Mai neue Bänke auf."
    assert text[body.start:body.end] == expected


def test_body_sentence_that_starts_like_a_marker_is_kept():
    text = "Titel\n\nTeilen Sie uns Ihre Meinung bis zum 3. Mai mit.\nMehr dazu im Rathaus."
    body = find_body(text)
    assert text[body.start:body.end].endswith("Mehr dazu im Rathaus.")


def test_body_starts_at_the_title_behind_an_unknown_site_header():
    text = ("Friedenau-Blog – Nachrichten aus dem Kiez\n\nStart | Kiez | Kultur\n\nSommer in der Bibliothek\n\n"
            "Die Bibliothek lädt am 3. Mai ein.\n\nArtikel teilen\n\n"
            "Weitere Pressemitteilungen\nSommer in der Bibliothek")
    body = find_body(text, title="Sommer in der  Bibliothek")
    assert text[body.start:body.end] == "Sommer in der Bibliothek\n\nDie Bibliothek lädt am 3. Mai ein."
    # without a title the rules decide: the site name is unknown, but the menu line under it
    # shows that it is header
    untitled = find_body(text)
    assert text[untitled.start:untitled.end] == "Sommer in der Bibliothek\n\nDie Bibliothek lädt am 3. Mai ein."


def test_chrome_before_any_running_text_does_not_end_the_body():
    text = "Spandau lokal\n\nNachrichten | Kiez | Politik\n\nKiez\n\nKiezfonds startet\n\n" \
           "Ob Nachbarschaftsfest oder Hochbeet: Initiativen können bis zum 3. Mai Geld beantragen.\n\nTeilen: X"
    body = find_body(text, section="Kiez", title="Kiezfonds startet | Spandau lokal")
    assert text[body.start:body.end].startswith("Kiezfonds startet\n\nOb Nachbarschaftsfest")
    assert text[body.start:body.end].endswith("Geld beantragen.")
    body = find_body(text, section="Kiez")  # no title: never just the site name
    assert text[body.start:body.end].endswith("Geld beantragen.")


def test_credits_and_press_contacts_end_the_body_only_when_they_close_it():
    text = ("Neuer Kunstrasen\n\nFoto: Bezirksamt / Jana Wiese\n\nDer Platz öffnet am 3. Mai.\n\n"
            "Pressekontakt: Pressestelle, Lars Bendix\n\nFoto: Bezirksamt / Jana Wiese\n\nTeilen | Drucken")
    body = find_body(text, title="Neuer Kunstrasen")
    # the caption inside the article stays; the contact and credit after its last line go
    assert text[body.start:body.end].endswith("Foto: Bezirksamt / Jana Wiese\n\nDer Platz öffnet am 3. Mai.")


def _body(text: str) -> str:
    span = find_body(text)
    return text[span.start:span.end]


def test_a_content_column_marker_puts_everything_above_it_outside():
    # a berlin.de-style page: an info block with a sentence of its own, then the content column
    text = ("Wichtige Hinweise: Hitzeschutz im Bezirk\n\nLiebe Leserinnen und Leser, auf diesen Seiten finden Sie "
            "alles Wichtige zu kühlen Orten, Trinkbrunnen und Hilfen im Sommer.\nHitze-Info Spandau | Hitze-Info Berlin"
            "\n\nInhaltsspalte\n\nNeue Trinkbrunnen in Haselhorst\n\nPressemitteilung vom 02.06.2025\n\n"
            "Das Bezirksamt Spandau hat am Montag zwei neue Trinkbrunnen an der Gartenfelder Straße "
            "in Betrieb genommen.")
    assert _body(text).startswith("Neue Trinkbrunnen in Haselhorst\n")


def test_captions_in_the_head_are_passed_over():
    # an alt text rendered twice and a caption with its credit sit between headline and text
    text = ("Kiezspaziergang durch Hakenfelde\n\nWas die Nachbarschaft sich wünscht\n\n"
            "Anwohnende am Spreeufer (Foto: Mara Beispiel)\nAnwohnende am Spreeufer (Foto: Mara Beispiel)\n\n"
            "Rund vierzig Nachbarinnen und Nachbarn kamen am Samstag zum Rundgang, "
            "zu dem das Stadtteilbüro geladen hatte.")
    assert _body(text).startswith("Kiezspaziergang durch Hakenfelde\n")


def test_a_lead_image_caption_with_a_credit_line_above_the_headline_is_outside():
    text = ("zum Hauptinhalt\nDie neue Leiterin des Stadtteilzentrums mit zwei Kolleginnen vor dem Eingang am "
            "Mittwochmorgen, kurz vor der Eröffnung der neuen Räume im Erdgeschoss\n\n© Jan Beispielmann\n\n"
            "Neues Stadtteilzentrum am Leopoldplatz: Viel vor im Kiez\n\n"
            "Seit dieser Woche hat der Kiez wieder einen Ort für Beratung, Kurse und Nachbarschaftscafé.")
    assert _body(text).startswith("Neues Stadtteilzentrum am Leopoldplatz")


def test_a_page_title_repeated_above_the_headline_is_outside():
    text = ("Zum Inhalt springen\n3 Min. Lesezeit Newsletter\n\nHallo Friedenau mit Baustellen und Bücherbox\n\n"
            "Neues aus dem Kiez: Baustellen, eine Bücherbox und ein Sommerfest am …\n\n"
            "Hallo Friedenau mit Baustellen und Bücherbox\n\nIhr Lieben,\n\n"
            "in dieser Woche hat das Bezirksamt die Pläne für den Platz vor dem Rathaus vorgestellt, "
            "und es gibt Neuigkeiten.")
    assert _body(text).startswith("Hallo Friedenau mit Baustellen und Bücherbox\n\nIhr Lieben")


def test_a_two_word_section_label_over_the_headline_is_outside_but_a_two_word_headline_is_not():
    label = ("Im Kiez\n\nDen Wedding neu entdecken\n\n"
             "Seit zehn Jahren erzählt das Kiezportal vom Leben zwischen Leopoldplatz und Panke, "
             "erzählt die Gründerin.")
    assert _body(label).startswith("Den Wedding neu entdecken\n")
    # with a subtitle and a source line below it, the two words are the headline
    headline = ("Weddinger Geschichten\n\nWas die Zeitungen vor hundert Jahren aus dem Kiez berichteten\n\n"
                "Weddinger Anzeiger, Oktober 1921\n\nDie Redaktion hat alte Ausgaben durchgesehen "
                "und stellt jede Woche eine Meldung vor, heute eine vom Markt.")
    assert _body(headline).startswith("Weddinger Geschichten\n")


def test_empty_text_has_empty_body():
    assert find_body("") == find_body("   \n\n ") == type(find_body(""))(0, 0)


def _gold():
    with open(SAMPLE / "gold.jsonl", encoding="utf-8") as fh:
        return {g["id"]: g for g in map(json.loads, fh)}


def test_sample_body_spans_match_gold(sample_records, sample_texts):
    gold = _gold()
    assert len(sample_records) == len(gold) >= 40
    for record in sample_records:
        text = record.get("text") or sample_texts[record["id"]]
        body = text[record["body"]["start"]:record["body"]["end"]]
        g = gold[record["id"]]
        assert body.startswith(g["body_first"]), record["id"]
        assert body.endswith(g["body_last"]), record["id"]


def test_nothing_is_extracted_from_chrome(sample_records):
    """Every offset of every annotation lies inside the body span."""
    for record in sample_records:
        start, end = record["body"]["start"], record["body"]["end"]
        spans = [m for p in record["people"] for m in p["mentions"]]
        spans += [m for d in record["districts"] for m in d["mentions"]]
        spans += record["dates"] + record["deadlines"]
        for span in spans:
            assert start <= span["start"] < span["end"] <= end, (record["id"], span)


@needs_shared("seed")
def test_seed_article_body_excludes_newsletter_and_related_posts(pipe):
    seed = sorted((SHARED / "seed").glob("*.txt"))[0]
    text = seed.read_text(encoding="utf-8")
    record = pipe.process(text, published="2022-06-20", id=seed.stem)
    marker = text.index("📧 Echtzeit-Newsletter")
    assert record["body"]["end"] <= marker
    assert text[record["body"]["start"]:].startswith("Sozialraumorientierung im Fokus")
    assert text[:record["body"]["end"]].rstrip().endswith("eingereicht werden.”")
    # the related posts name Hellersdorf, Silvester 2021 and jobs: none of it may appear
    names = {d["name"] for d in record["districts"]}
    assert "Hellersdorf" not in names
    assert [d["value"] for d in record["dates"]] == ["2022-06-14", "2022-07-09"]
    assert [(d["date"], d["cue"]) for d in record["deadlines"]] == [("2022-07-09", "bis zum")]
    assert [p["name"] for p in record["people"]] == ["Gordon Lemm"]
    assert record["people"][0]["roles"] == ["Bezirksbürgermeister"]
    assert names == {"Steglitz-Zehlendorf", "Steglitz", "Marzahn-Hellersdorf", "Marzahn"}
