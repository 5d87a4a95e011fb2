"""Find the article body in scraped text: everything before and after it is site chrome.

The rules are data (`resources/boilerplate.tsv`): `top` rules name chrome lines that may precede
the article (section line, breadcrumbs, cookie banners), `end` rules name the first line of
trailing chrome (newsletter promos, related posts, comment forms, share buttons, author boxes), and
`tail` rules name lines that are chrome only when they close the body (photo credits, press
contacts), because the same line inside the article is a caption.
Lines are matched whole, so a body sentence that merely starts like a marker is not chrome.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from civic.resource_files import read_tsv


@dataclass(frozen=True)
class BoilerplateRule:
    kind: str
    name: str
    pattern: re.Pattern
    example: str
    counter: str


@dataclass(frozen=True)
class BodySpan:
    start: int
    end: int


@lru_cache(maxsize=1)
def load_rules() -> tuple[BoilerplateRule, ...]:
    """Read and compile the boilerplate rules once."""
    bezirke = sorted(
        (row["name"] for row in read_tsv("districts.tsv") if row["level"] == "bezirk"), key=len, reverse=True
    )
    bezirk_alt = "(?:" + "|".join(re.escape(b).replace(r"\-", r"[-\s]") for b in bezirke) + ")"
    return tuple(
        BoilerplateRule(
            kind=row["kind"], name=row["name"],
            pattern=re.compile(row["pattern"].replace("{bezirk}", bezirk_alt), re.IGNORECASE),
            example=row["example"], counter=row["counter"],
        )
        for row in read_tsv("boilerplate.tsv")
    )


def matching_rule(line: str, kind: str, section: str | None = None) -> BoilerplateRule | None:
    """The first rule of `kind` that matches the whole trimmed line, if any."""
    stripped = line.strip()
    if not stripped:
        return None
    if kind == "top" and section and stripped.casefold() == section.strip().casefold():
        return BoilerplateRule("top", "section-field", re.compile(re.escape(section)), section, "")
    for rule in load_rules():
        if rule.kind == kind and rule.pattern.fullmatch(stripped):
            return rule
    return None


def _lines(text: str):
    """(start, end) offsets of each line, without the line break."""
    pos = 0
    for match in re.finditer(r"[^\r\n]*(?:\r\n|\r|\n|$)", text):
        line = match.group(0)
        if not line:
            break
        content = line.rstrip("\r\n")
        yield pos, pos + len(content)
        pos = match.end()


TITLE_SEARCH_LINES = 15  # a site header rarely has more lines than this before the headline


def _normalised(line: str) -> str:
    return " ".join(line.split()).casefold()


_SITE_SUFFIX = re.compile(r"\s+[|–—-]\s+[^|–—]{2,60}$")  # `Headline | Spandau lokal`, `Headline – Mitte-Kurier`
MIN_TITLE_PREFIX = 20  # a shorter title is too unspecific to find its headline by prefix


def _title_forms(title: str) -> tuple[str, ...]:
    """The title as given and without a site name after `|` or a dash (HTML titles carry one)."""
    forms = [_normalised(title)]
    stripped = _SITE_SUFFIX.sub("", title.strip())
    if stripped != title.strip():
        forms.append(_normalised(stripped))
    return tuple(forms)


def _is_headline(line: str, forms: tuple[str, ...]) -> bool:
    """The line is the title, or starts with it (`… Herbstaktion` for `… Herbstaktion in allen
    Ortsteilen`, when the site shortened the title)."""
    norm = _normalised(line)
    return any(norm == f or len(f) >= MIN_TITLE_PREFIX and norm.startswith(f) for f in forms)


def _title_line(text: str, lines: list[tuple[int, int]], title: str | None) -> int | None:
    """Index of the headline line when the input's title is one of the first non-blank lines.

    Site headers vary too much for rules alone ("Friedenau-Blog – Nachrichten aus dem Kiez"), but
    scrapers usually give the title: where it appears, the article starts."""
    if not title or not title.strip():
        return None
    forms, seen, prose = _title_forms(title), 0, False
    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if not line.strip():
            continue
        if _is_headline(line, forms):
            return idx
        seen += 1
        prose = prose or _is_prose(line)
        if seen >= TITLE_SEARCH_LINES or (prose and matching_rule(line, "end")):
            return None  # trailing chrome after text (related posts may repeat the title): no headline here
    return None


def find_body(text: str, section: str | None = None, title: str | None = None) -> BodySpan:
    """Locate the article body.

    The body starts at the headline line when the input's title is among the first lines;
    otherwise leading blank and `top` chrome lines are skipped. The body then runs up to the first
    `end` chrome line after its first line of running text (or the end of the text), without the
    `tail` lines that close it and trailing whitespace. Returns an empty span at 0 for empty text.
    """
    lines = list(_lines(text))
    start_idx = _title_line(text, lines, title)
    if start_idx is None:
        start_idx = _first_body_line(text, lines, section)
    if start_idx is None:
        return BodySpan(0, 0)
    first_start, first_end = lines[start_idx]
    first = text[first_start:first_end]
    start = first_start + len(first) - len(first.lstrip())
    end_idx = len(lines)
    has_text = _is_prose(first)
    for idx in range(start_idx + 1, len(lines)):
        s, e = lines[idx]
        if has_text and matching_rule(text[s:e], "end"):
            end_idx = idx
            break
        has_text = has_text or _is_prose(text[s:e])
    end_idx = _drop_tail_lines(text, lines, start_idx, end_idx)
    end = lines[end_idx - 1][1]
    while end > start and text[end - 1].isspace():
        end -= 1
    return BodySpan(start, end)


_WORD = re.compile(r"[^\W\d_]{2,}")


def _is_prose(line: str) -> bool:
    """A line of running text: a sentence of five words or more, or twelve words, and not a menu.
    Chrome before the first such line cannot end the body: a menu line right under an
    unrecognised site name is still the header."""
    words = len(_WORD.findall(line))
    sentence = line.rstrip().rstrip("“”\"»«')").endswith((".", "!", "?", ":"))
    return (words >= 12 or words >= 5 and sentence) and matching_rule(line, "top") is None


def _first_body_line(text: str, lines: list[tuple[int, int]], section: str | None) -> int | None:
    """Without a title: the first line that is neither blank nor `top` chrome, moved past any header
    chrome that follows it (see `_past_header`)."""
    for idx, (s, e) in enumerate(lines):
        line = text[s:e]
        if line.strip() and not matching_rule(line, "top", section):
            return _past_header(text, lines, idx, section)
    return None


def _past_header(text: str, lines: list[tuple[int, int]], idx: int, section: str | None) -> int:
    """Without a title: a first line the rules do not know (a site name) followed by header chrome
    (`Startseite | Mitte | …`) is header too; the body starts after the last chrome line that comes
    before the first line of running text."""
    start = idx
    for j in range(idx + 1, min(len(lines), idx + TITLE_SEARCH_LINES)):
        line = text[lines[j][0]:lines[j][1]]
        if _is_prose(line):
            break
        if matching_rule(line, "top", section):
            start = j + 1
    while start < len(lines) and not text[lines[start][0]:lines[start][1]].strip():
        start += 1
    return start if start < len(lines) else idx


def _drop_tail_lines(text: str, lines: list[tuple[int, int]], start_idx: int, end_idx: int) -> int:
    """Move the body's end before `tail` lines that close it (photo credits, press contacts,
    "Dieser Artikel erschien am …"). Only closing lines: the same caption inside the article stays."""
    idx = end_idx
    while idx - 1 > start_idx:
        s, e = lines[idx - 1]
        line = text[s:e]
        if line.strip() and not matching_rule(line, "tail"):
            break
        idx -= 1
    return idx
