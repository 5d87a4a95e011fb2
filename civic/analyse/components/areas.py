"""LOR areas (Bezirksregionen, Prognoseräume such as Regierungsviertel, Rixdorf, Marzahn Nord)
mapped to their Bezirk, in `doc._.areas` — kept apart from the districts (issue: areas are not
Bezirke or Ortsteile). The list is generated from official LOR names by tools/build_areas.py."""

from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from civic.analyse.extensions import ensure_extensions
from civic.resource_files import read_tsv


class AreaRecognizer:
    def __init__(self, nlp: Language, name: str = "civic_areas") -> None:
        ensure_extensions()
        self.name = name
        self.areas = {row["name"]: row for row in read_tsv("areas.tsv")}
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        for area in self.areas:
            forms = {area, area.replace(" ", "-")}
            self.matcher.add(area, [nlp.make_doc(form) for form in forms])

    def __call__(self, doc: Doc) -> Doc:
        spans = filter_spans([Span(doc, start, end, label=key) for key, start, end in self.matcher(doc)])
        grouped: dict[str, dict] = {}
        for span in spans:
            area = self.areas[span.label_]
            entry = grouped.setdefault(area["name"], {"name": area["name"], "level": area["level"],
                                                      "bezirk": area["bezirk"], "mentions": []})
            entry["mentions"].append({"start": span.start_char, "end": span.end_char, "text": span.text})
        doc._.areas = list(grouped.values())
        return doc


@Language.factory("civic_areas")
def make_areas(nlp: Language, name: str) -> AreaRecognizer:
    return AreaRecognizer(nlp, name)
