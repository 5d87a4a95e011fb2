"""Berlin Bezirke and Ortsteile in text: names, institutions, demonyms — and not streets.

The gazetteer (`resources/districts.tsv`) is expanded once into surface forms (genitive,
hyphen/space variants, `Berlin-X`, `X-Nord`, demonyms `Xer/Xerin/Xerinnen/Xern`, extra forms from
`resources/district_forms.tsv`) and compiled into a PhraseMatcher. Context rules from
`resources/district_rules.json` then reject streets (Spandauer Damm), stations (S-Bahnhof
Wedding), common nouns (Mitte Juni, in der Mitte), parks (Großer Tiergarten) and places outside
Berlin (Blankenfelde in Brandenburg). Hyphen compounds that spaCy keeps as one token
(Rosenthal-Wilhelmsruh) are split into their parts when every part is a district form.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from civic.analyse.extensions import text_of
from civic.resource_files import read_json, read_tsv

_HYPHENATED = re.compile(r"(?<![\w\-])[A-ZÄÖÜ][\w']*(?:-[\w']+)+(?![\w\-])")


@dataclass(frozen=True)
class District:
    name: str
    level: str
    bezirk: str


@dataclass(frozen=True)
class Form:
    district: District
    via: str


def load_districts() -> dict[str, District]:
    """Official names -> District. A name that is both Bezirk and Ortsteil is kept as the Bezirk."""
    districts: dict[str, District] = {}
    for row in read_tsv("districts.tsv"):
        if row["name"] not in districts:
            districts[row["name"]] = District(row["name"], row["level"], row["bezirk"])
    return districts


def surface_forms(districts: dict[str, District], rules: dict) -> dict[str, Form]:
    """Every text form the matcher should know, mapped to its district and how it refers to it."""
    forms: dict[str, Form] = {}

    def add(text: str, district: District, via: str) -> None:
        forms.setdefault(text, Form(district, via))

    for name, district in districts.items():  # official names first: Charlottenburg-Nord is itself
        add(name, district, "name")
    for name, district in districts.items():
        variants = {name, name.replace("-", " "), name.replace(" ", "-")}
        for variant in variants:
            add(variant, district, "name")
            if not variant.endswith(("s", "z", "x", "ß")):
                add(variant + "s", district, "name")
            add("Berlin-" + variant, district, "name")
            for direction in rules["directions"]:
                add(f"{variant}-{direction}", district, "name")
                add(f"{variant} {direction}", district, "name")
        if name not in rules["no_demonym"]:
            stem = name[:-1] if name.endswith("e") else name  # Lichterfelde -> Lichterfelder
            for suffix in rules["demonym_suffixes"]:
                add(stem + suffix, district, "demonym")
    for row in read_tsv("district_forms.tsv"):
        add(row["form"], districts[row["name"]], row["via"])
    return forms


# How people type district names without German letters: `Neukoelln`, `Schoeneberg`, `Weissensee`.
_ASCII = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """A district form reduced to what a typed query can be compared on: case, hyphens, spacing
    and the ASCII spellings of umlauts and ß (oe/ae/ue/ss) do not matter. Used on both sides, so
    `Neukölln`, `neukoelln` and `NEUKÖLLN` meet, and `Marzahn Hellersdorf` meets the hyphenated name."""
    return " ".join(text.casefold().translate(_ASCII).replace("-", " ").split())



def slug(name: str) -> str:
    """A district name as a file name and URL part (`Treptow-Köpenick` -> `treptow-koepenick`,
    `Weißensee` -> `weissensee`): the ASCII spellings of `fold`, words joined by hyphens. The one
    home of the spelling, so feed files, links and ids agree."""
    return "-".join(re.findall(r"[a-z0-9]+", fold(name)))


def bezirke() -> list[str]:
    """The 12 Bezirke, in the gazetteer's order (their LOR keys 01-12)."""
    return [d.name for d in load_districts().values() if d.level == "bezirk"]

def district_by_form(form: str) -> District:
    """The district a user-typed form names (`Neuköllner`, `Bezirksamt Pankow`, `marzahn
    hellersdorf`, `Neukoelln`): the gazetteer is the one home of district names, so queries ask it
    instead of keeping their own spellings. Raises ValueError for a form it does not know."""
    folded = _folded_forms()
    wanted = fold(form)
    if wanted in folded:
        return folded[wanted]
    for word in form.split():  # `Bezirksamt Pankow`, `Ortsteil Britz`
        if fold(word) in folded:
            return folded[fold(word)]
    raise ValueError(f"unknown district {form!r}: give a Bezirk or Ortsteil, e.g. Neukölln or Prenzlauer Berg")


@lru_cache(maxsize=1)
def _folded_forms() -> dict[str, District]:
    forms: dict[str, District] = {}
    for text, found in surface_forms(load_districts(), read_json("district_rules.json")).items():
        forms.setdefault(fold(text), found.district)  # official names come first in surface_forms
    return forms


class DistrictRecognizer:
    """Finds district mentions and writes them to `doc._.districts` (grouped per district)."""

    def __init__(self, nlp: Language, name: str = "civic_districts") -> None:
        self.name = name
        self.rules = read_json("district_rules.json")
        self.districts = load_districts()
        self.forms = surface_forms(self.districts, self.rules)
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._keys: dict[int, Form] = {}
        for text, form in self.forms.items():
            key = nlp.vocab.strings.add(f"CIVIC_DISTRICT::{text}")
            self._keys[key] = form
            self.matcher.add(f"CIVIC_DISTRICT::{text}", [nlp.make_doc(text)])
        self.street_words = set(self.rules["street_words"])
        self.street_suffixes = tuple(self.rules["street_suffixes"])
        self.compound_heads = frozenset(self.rules["place_compound_heads"])
        self.not_street = set(self.rules["not_street_compounds"])
        self.station_words = set(self.rules["station_words"])
        self.institution_words = set(self.rules["institution_words"])
        self.ambiguous = set(self.rules["ambiguous_names"])
        self.reject_after = set(self.rules["ambiguous_reject_after"])
        self.place_before = set(self.rules["ambiguous_place_before"])
        self.reject_next = set(self.rules["ambiguous_reject_before_next"])
        self.outside = [tuple(m) for m in self.rules["outside_markers"]]
        self.outside_before = set(self.rules["outside_before"])

    # --- context rules -------------------------------------------------------------------
    def _is_street(self, doc: Doc, end: int) -> bool:
        if end >= len(doc):
            return False
        nxt = doc[end].text
        return nxt in self.street_words or (nxt[:1].isupper() and nxt.endswith(self.street_suffixes)
                                            and nxt not in self.not_street)

    def _after_station(self, doc: Doc, start: int) -> bool:
        return start > 0 and doc[start - 1].text in self.station_words

    def _outside_berlin(self, doc: Doc, start: int, end: int) -> bool:
        """Blankenfelde in Brandenburg, das brandenburgische Blankenfelde: a namesake outside Berlin."""
        following = tuple(t.text for t in doc[end : end + 3])
        if start > 0 and doc[start - 1].lower_ in self.outside_before:
            return True
        return any(following[: len(m)] == m for m in self.outside)

    def _ambiguous_ok(self, doc: Doc, start: int, end: int) -> bool:
        """Mitte, Buch alone: a place only after a preposition or at a clause start,
        never after an article and never before a month or 'des/der' (Mitte Juni, Mitte des Jahres)."""
        nxt = doc[end].text if end < len(doc) else ""
        if nxt in self.reject_next or nxt[:1].isdigit():
            return False
        if start == 0:
            return True
        prev = doc[start - 1]
        if prev.text in self.place_before:
            return True
        if prev.lower_ in self.reject_after or prev.is_lower:
            return False
        return True

    def _prefix_rejected(self, doc: Doc, start: int, name: str) -> bool:
        rejects = self.rules["prefix_rejects"].get(name)
        return bool(rejects) and start > 0 and doc[start - 1].text in rejects

    def _keep(self, doc: Doc, start: int, end: int, form: Form, text: str) -> bool:
        if self._is_street(doc, end) or self._after_station(doc, start) or self._outside_berlin(doc, start, end):
            return False
        if self._prefix_rejected(doc, start, form.district.name):
            return False
        if text in self.ambiguous and not self._ambiguous_ok(doc, start, end):
            return False
        return True

    # --- matching ------------------------------------------------------------------------
    def _hyphen_parts(self, doc: Doc, token_i: int) -> list[tuple[int, int, Form]]:
        """Rosenthal-Wilhelmsruh -> both; Anna-Seghers-Schule -> nothing (not all parts are places)."""
        token = doc[token_i]
        parts, offset = [], 0
        for part in token.text.split("-"):
            parts.append((token.idx + offset, part))
            offset += len(part) + 1
        if len(parts) == 2 and self._place_compound(parts[0][1], parts[1][1]):
            start_char, part = parts[0]
            return [(start_char, start_char + len(part), self.forms[part])]
        found = []
        for start_char, part in parts:
            form = self.forms.get(part)
            if form is None and part not in self.rules["directions"] and part != "Berlin":
                return []
            if form is not None:
                found.append((start_char, start_char + len(part), form))
        if found and (self._is_street(doc, token_i + 1) or self._after_station(doc, token_i)):
            return []
        return found

    def _place_compound(self, first: str, second: str) -> bool:
        """`Staaken-Center`, `Neukölln-Arcaden`: a place named before a venue or event noun
        (district_rules.json `place_compound_heads`) is in that place; `Blankenfelde-Mahlow` (two
        names) and `Buch-Premiere` (an ambiguous name) are not."""
        return first in self.forms and first not in self.ambiguous and second in self.compound_heads

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for key, start, end in self.matcher(doc):
            span = Span(doc, start, end, label=key)
            spans.append(span)
        spans = filter_spans(spans)
        covered = {i for span in spans for i in range(span.start, span.end)}
        mentions: list[tuple[int, int, Form]] = []
        for span in spans:
            form = self._keys[span.label]
            if not self._keep(doc, span.start, span.end, form, span.text):
                continue
            start, via = span.start, form.via
            if start > 0 and doc[start - 1].text in self.institution_words and via == "name":
                start, via = start - 1, "institution"
            mentions.append((doc[start].idx, span.end_char, Form(form.district, via)))
        for m in _HYPHENATED.finditer(text_of(doc)):  # one regex over the text, not a per-token loop
            token = doc.char_span(m.start(), m.end())
            if token is not None and len(token) == 1 and token.start not in covered:
                mentions.extend(self._hyphen_parts(doc, token.start))
        doc._.districts = group_mentions(text_of(doc), sorted(mentions, key=lambda m: m[0]))
        return doc


def group_mentions(text: str, mentions: list[tuple[int, int, Form]]) -> list[dict]:
    """One entry per district, in order of first mention, with all its mentions."""
    grouped: dict[str, dict] = {}
    for start, end, form in mentions:
        district = form.district
        entry = grouped.setdefault(
            district.name,
            {"name": district.name, "level": district.level, "bezirk": district.bezirk, "mentions": []},
        )
        entry["mentions"].append({"start": start, "end": end, "text": text[start:end], "via": form.via})
    return list(grouped.values())


@Language.factory("civic_districts")
def make_districts(nlp: Language, name: str) -> DistrictRecognizer:
    return DistrictRecognizer(nlp, name)
