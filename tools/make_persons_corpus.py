"""Write corpus/persons/: 100 project-written district press releases as records, 30 people with
name variants (initial + surname, title, genitive, particle) and two namesakes, and the gold file
mapping each person row of each record to a person id.

The people and texts are invented for this set (no third-party text). The records are what
`civic extract` would write for these articles with the name forms as written, so the set measures
the cross-document merge (civic.query.persons), not the extraction. Reproducible: a fixed seed.

    python tools/make_persons_corpus.py      # rewrites corpus/persons/records.jsonl and gold.tsv
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "corpus" / "persons"

# id, given, particle, surname, title, role (masculine, feminine), bezirk, feminine?
PEOPLE = [
    ("p01", "Annegret", "", "Kowalczyk", "", "Bezirksstadtrat für Jugend und Familie", "Neukölln", True),
    ("p02", "Henrik", "", "Almstedt", "", "Bezirksstadtrat für Umwelt und Natur", "Neukölln", False),
    ("p03", "Miriam", "", "Oyelaran", "Dr.", "Bezirksbürgermeister", "Neukölln", True),
    ("p04", "Karl", "von", "Brandenstein", "", "Bezirksstadtrat für Bildung, Kultur und Sport", "Pankow", False),
    ("p05", "Sabine", "", "Trautwein", "", "Bezirksbürgermeister", "Pankow", True),
    ("p06", "Thomas", "", "Wendland", "", "Bezirksstadtrat für Ordnung", "Pankow", False),
    ("p07", "Thomas", "", "Wendland", "", "Schulleiter", "Spandau", False),
    ("p08", "Jana", "", "Feldhusen", "Prof.", "Leiter der Volkshochschule", "Spandau", True),
    ("p09", "Pieter", "van", "Leeuwen", "", "Bezirksstadtrat für Stadtentwicklung", "Spandau", False),
    ("p10", "Gül", "", "Demirtaş", "", "Quartiersmanager", "Spandau", True),
    ("p11", "Ralf", "", "Heinemann", "Dr.", "Amtsarzt", "Mitte", False),
    ("p12", "Lena", "", "Marquardt", "", "Bezirksstadtrat für Soziales", "Mitte", True),
    ("p13", "Ole", "", "Brinkmann", "", "Bezirksbürgermeister", "Mitte", False),
    ("p14", "Carla", "de", "Vries", "", "Sprecher des Bezirksamts", "Mitte", True),
    ("p15", "Maximilian", "", "Sauerbrey", "", "Bezirksstadtrat für Bauen", "Lichtenberg", False),
    ("p16", "Ines", "", "Wolkowa", "Dr.", "Bezirksstadtrat für Gesundheit", "Lichtenberg", True),
    ("p17", "Bernd", "", "Kuschke", "", "Revierförster", "Lichtenberg", False),
    ("p18", "Yvonne", "", "Pahlke", "", "Bezirksbürgermeister", "Lichtenberg", True),
    ("p19", "Jörg", "", "Thielemann", "", "Bezirksstadtrat für Ordnung", "Reinickendorf", False),
    ("p20", "Katrin", "", "Ostermeier", "", "Schulleiter", "Reinickendorf", True),
    ("p21", "Hans-Peter", "", "Rothkegel", "Prof.", "Vorsitzender des Seniorenbeirats", "Reinickendorf", False),
    ("p22", "Nadine", "", "Lüttgens", "", "Bezirksstadtrat für Jugend", "Treptow-Köpenick", True),
    ("p23", "Friedrich", "zu", "Wartenfels", "", "Museumsleiter", "Treptow-Köpenick", False),
    ("p24", "Selin", "", "Aksoy", "", "Quartiersmanager", "Treptow-Köpenick", True),
    ("p25", "Uwe", "", "Grabowski", "", "Bezirksstadtrat für Straßen und Grünflächen", "Steglitz-Zehlendorf", False),
    ("p26", "Martina", "", "Hollerbach", "Dr.", "Bezirksbürgermeister", "Steglitz-Zehlendorf", True),
    ("p27", "Dennis", "", "Kowalski", "", "Leiter des Ordnungsamts", "Steglitz-Zehlendorf", False),
    ("p28", "Anke", "", "Schwerdtfeger", "", "Bezirksstadtrat für Schule und Sport", "Marzahn-Hellersdorf", True),
    ("p29", "Tobias", "", "Reinhold", "", "Bezirksbürgermeister", "Marzahn-Hellersdorf", False),
    ("p30", "Elif", "", "Karaca", "", "Integrationsbeauftragter", "Marzahn-Hellersdorf", True),
]

FEMININE = {"Bezirksstadtrat": "Bezirksstadträtin", "Bezirksbürgermeister": "Bezirksbürgermeisterin",
            "Schulleiter": "Schulleiterin", "Leiter": "Leiterin", "Quartiersmanager": "Quartiersmanagerin",
            "Sprecher": "Sprecherin", "Amtsarzt": "Amtsärztin", "Vorsitzender": "Vorsitzende",
            "Revierförster": "Revierförsterin", "Museumsleiter": "Museumsleiterin",
            "Integrationsbeauftragter": "Integrationsbeauftragte"}

TOPICS = [
    ("Neue Spielgeräte für den Kiezspielplatz",
     "Der Spielplatz an der Ecke wird ab {day} erneuert; die Arbeiten dauern etwa drei Wochen."),
    ("Baumpflanzungen im Herbst", "Im Bezirk werden in diesem Herbst rund 120 Straßenbäume nachgepflanzt."),
    ("Sprechstunde im Rathaus", "Die offene Sprechstunde findet am {day} von 15 bis 18 Uhr im Rathaus statt."),
    ("Schulwegsicherheit", "Vor drei Grundschulen sollen Tempo-30-Zonen und neue Zebrastreifen entstehen."),
    ("Kiezfonds vergibt Mittel", "Vereine und Initiativen können bis zum {day} Anträge beim Kiezfonds stellen."),
    ("Ausstellung zur Ortsgeschichte", "Die Ausstellung zeigt Fotografien aus hundert Jahren Stadtteilgeschichte."),
    ("Sanierung der Turnhalle", "Die Turnhalle bleibt wegen der Dachsanierung bis Ende des Jahres geschlossen."),
    ("Impfaktion im Stadtteilzentrum", "Am {day} bietet das Gesundheitsamt Impfungen ohne Termin an."),
    ("Bürgerbeteiligung zum Parkkonzept", "Anwohnende können ihre Vorschläge zum Parkkonzept online einreichen."),
    ("Sperrmülltag im Kiez", "Am {day} können Anwohnende Sperrmüll kostenlos an drei Sammelstellen abgeben."),
]

MONTHS = ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
          "November", "Dezember"]
SAYS = ["sagte", "betonte", "erklärte", "kündigte an", "zeigte sich zufrieden", "wies darauf hin"]
QUOTES = ["„Wir wollen, dass die Menschen im Kiez mitreden können.“",
          "„Das ist ein gutes Signal für die Nachbarschaft.“",
          "„Die Mittel sind knapp, aber gut angelegt.“",
          "„Wir haben lange auf diese Entscheidung hingearbeitet.“",
          "„Ich danke allen, die sich ehrenamtlich engagieren.“"]


def role_of(person: tuple, rng: random.Random) -> str:
    role, feminine = person[5], person[7]
    if feminine:
        head, *rest = role.split(" ", 1)
        role = " ".join([FEMININE.get(head, head), *rest])
    if rng.random() < 0.3 and " für " in role:
        role = role.split(" für ")[0]  # the role without its portfolio
    return role


def name_form(person: tuple, rng: random.Random, others_seen: bool) -> tuple[str, list[str]]:
    """A written form of the name and the title roles it brings (as the record lists them)."""
    _, given, particle, surname, title, *_ = person
    full = " ".join(x for x in (given, particle, surname) if x)
    r = rng.random()
    if r < 0.12 and others_seen:
        return f"{given[0]}. {surname}", []                      # initial + surname
    if r < 0.22 and particle:
        return f"{given} {surname}", []                           # without the particle
    if r < 0.32 and others_seen:
        return f"{full}s", []                                     # genitive
    if title and r < 0.6:
        return full, [title]                                      # with the title as a role
    return full, []


def article(n: int, rng: random.Random, seen: set[str]) -> tuple[dict, list[tuple[str, str]]]:
    bezirk = sorted({p[6] for p in PEOPLE})[n % 9]
    local = [p for p in PEOPLE if p[6] == bezirk]
    if bezirk == "Spandau" and n % 2:  # the Pankow Thomas Wendland visits Spandau without his role
        local = local + [PEOPLE[5]]
    cast = rng.sample(local, k=min(len(local), rng.choice((1, 2, 2, 3))))
    if PEOPLE[5] in cast and PEOPLE[6] in cast:  # one record never lists one name twice
        cast.remove(PEOPLE[5])
    published = dt.date(2019, 1, 7) + dt.timedelta(days=n * 19 + rng.randrange(7))
    title, lead = rng.choice(TOPICS)
    when = published + dt.timedelta(days=rng.randrange(3, 40))
    day = f"{when.day}. {MONTHS[when.month - 1]} {when.year}"
    parts = [title, "", f"Pressemitteilung des Bezirksamts {bezirk} vom {published:%d.%m.%Y}", "",
             lead.format(day=day)]
    people, gold = [], []
    for person in cast:
        visiting = person[6] != bezirk
        form, titles = name_form(person, rng, person[0] in seen)
        roles = [] if visiting else ([*titles, role_of(person, rng)] if rng.random() < 0.8 else titles)
        shown = " ".join([*titles, form]) if titles else form
        role_words = next((r for r in roles if r not in ("Dr.", "Prof.")), None)
        quote, says = rng.choice(QUOTES), rng.choice(SAYS)
        if role_words:
            sentence = rng.choice([
                f"{role_words} {shown} {says}: {quote}",
                f"{shown}, {role_words}, {says}: {quote}",
                f"Wie {role_words} {shown} mitteilte, soll das Vorhaben noch in diesem Jahr beginnen.",
                f"{quote[:-2]}“, sagte {role_words} {shown} bei einem Termin vor Ort.",
                f"Eingeladen hat {role_words} {shown}; die Teilnahme ist kostenfrei.",
            ])
        else:
            sentence = rng.choice([
                f"Auch {shown} war vor Ort und {says}: {quote}",
                f"Für die Nachbarschaftsinitiative sprach {shown}.",
                f"{shown} {says}, man werde die Ergebnisse im Frühjahr vorstellen.",
            ])
        parts.append(sentence)
        people.append((form, roles, sentence))
        gold.append((form, person[0]))
        seen.add(person[0])
    if rng.random() < 0.25:  # a surname alone never makes a person
        surname = cast[0][3]
        parts.append(f"{surname} lud abschließend zum Gespräch ein.")
        people.append((surname, [], None))
        gold.append((surname, ""))
    parts.append(f"Weitere Informationen gibt das Bezirksamt {bezirk} auf seiner Internetseite.")
    text = "\n".join(parts)
    doc_id = f"persons-{n:03d}"
    record_people = []
    for form, roles, _ in people:
        start = text.rfind(form)
        record_people.append({"name": form, "roles": roles,
                              "mentions": [{"start": start, "end": start + len(form), "text": form}]})
    where = text.find(bezirk)
    record = {
        "id": doc_id,
        "source": {"url": f"https://example.invalid/persons/{n:03d}", "title": title, "section": bezirk,
                   "published": published.isoformat(), "file": "persons.jsonl", "line": n + 1},
        "text_sha256": hashlib.sha256(text.encode()).hexdigest(),
        "body": {"start": 0, "end": len(text)},
        "people": record_people,
        "districts": [{"name": bezirk, "level": "bezirk", "bezirk": bezirk,
                       "mentions": [{"start": where, "end": where + len(bezirk), "text": bezirk, "via": "name"}]}],
        "dates": [], "deadlines": [], "topics": [{"label": "politik", "score": 0.5}],
        "meta": {"pipeline": "corpus/persons (written records)", "ner_model": None, "topic_model": None},
        "text": text,
    }
    return record, [(doc_id, form, pid) for form, pid in gold]


def main() -> None:
    rng = random.Random(19)
    seen: set[str] = set()
    OUT.mkdir(parents=True, exist_ok=True)
    records, gold = [], []
    for n in range(100):
        record, rows = article(n, rng, seen)
        records.append(record)
        gold += rows
    with (OUT / "records.jsonl").open("w", encoding="utf-8") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    with (OUT / "gold.tsv").open("w", encoding="utf-8") as fh:
        fh.write("document_id\tname\tperson\n")
        for row in gold:
            fh.write("\t".join(row) + "\n")
    print(f"{len(records)} records, {len(gold)} person rows, {len({g[2] for g in gold if g[2]})} people")


if __name__ == "__main__":
    main()
