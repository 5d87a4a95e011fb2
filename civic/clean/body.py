"""Find the article body in scraped text: everything before and after it is site chrome.

The rules are data (`resources/boilerplate.tsv`): `top` rules name chrome lines that may precede
the article (section line, breadcrumbs, cookie banners), `start` rules name a line after which a
site's content column begins (berlin.de's `Inhaltsspalte`), `end` rules name the first line of
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
_LETTERS = re.compile(r"[^\W\d_]+")


def _is_prose(line: str, section: str | None = None) -> bool:
    """A line of running text: a sentence of five words or more, or twelve words, and not a menu.
    Chrome before the first such line cannot end the body: a menu line right under an
    unrecognised site name is still the header."""
    words = len(_WORD.findall(line))
    sentence = line.rstrip().rstrip("“”\"»«')").endswith((".", "!", "?", ":"))
    return (words >= 12 or words >= 5 and sentence) and matching_rule(line, "top", section) is None


HEAD_BLOCKS = 4  # headline, subtitle or teaser, greeting: the most an article head holds above its first text
HEAD_PASS = ("meta-line", "dateline", "image-alt", "image-credit")  # passed over in the head, never its start
LEAD_LINES = 40  # a `start` marker (berlin.de's `Inhaltsspalte`) further down is not the page's content start
_CREDIT_IN_LINE = re.compile(r"(?:[(,]|\s[–-])\s*(?:fotos?|bild(?:er)?|quelle|grafik)\s*:\s*[^)\n]{2,60}\)?\s*$",
                             re.IGNORECASE)


def _content_start(text: str, lines: list[tuple[int, int]], section: str | None) -> int:
    """Index of the first line after a `start` marker among the leading lines (0 without one): a
    site that names where its content column begins puts all its chrome above that line."""
    for idx, (s, e) in enumerate(lines[:LEAD_LINES]):
        if matching_rule(text[s:e], "start", section):
            return idx + 1
    return 0


def _next_nonblank(text: str, lines: list[tuple[int, int]], idx: int, step: int) -> str:
    j = idx + step
    while 0 <= j < len(lines):
        line = text[lines[j][0]:lines[j][1]]
        if line.strip():
            return line
        j += step
    return ""


def _uncredited(line: str) -> str:
    """The line without a trailing credit, normalised: an alt text and its caption with the credit
    (`Blick auf den Platz` / `Blick auf den Platz – Foto: Name`) are the same line twice."""
    return _normalised(_CREDIT_IN_LINE.sub("", line))


def _is_caption(text: str, lines: list[tuple[int, int]], idx: int, section: str | None) -> bool:
    """An image caption: it ends in a credit (`… (Foto: Ralf Beispiel)`, `…, Bild: QM Kiez`), the
    page renders it twice (alt text and caption: the same line again, or right next to it with the
    credit added), or a credit line follows it (`© Name`). Captions sit anywhere in an article
    head, so the head passes over them."""
    line = text[lines[idx][0]:lines[idx][1]]
    if _CREDIT_IN_LINE.search(line):
        return True
    norm = _normalised(line)
    if norm in (_normalised(_next_nonblank(text, lines, idx, 1)), _normalised(_next_nonblank(text, lines, idx, -1))):
        return True
    adjacent = [text[lines[j][0]:lines[j][1]] for j in (idx - 1, idx + 1) if 0 <= j < len(lines)]
    if any(_CREDIT_IN_LINE.search(a) and _uncredited(a) == norm for a in adjacent):
        return True  # the alt text right above or below its caption with the credit
    following = matching_rule(_next_nonblank(text, lines, idx, 1), "top", section)
    return following is not None and following.name == "image-credit"


def _repeats_head(norm: str, head: set[str]) -> bool:
    """The line is a head line below it again (a page title above the article's headline), or ends
    with one (`Start Pankow Neue Bänke im Bürgerpark`: a breadcrumb ending in the headline)."""
    return norm in head or any(len(h) >= MIN_TITLE_PREFIX and norm.endswith(" " + h) for h in head)


LABEL_WORDS = 2  # `Im Kiez`, `Sozialer Zusammenhalt` above a headline: a section label, not a kicker
_PUNCTUATION = re.compile(r"[.!?:;,()\"„“”«»–-]")


def _is_label(line: str, words: list[str], blocks: int) -> bool:
    """A single word (`Aktuelles`, `Links`) anywhere in the head; or bare words (two at most, no
    digit or punctuation) right above the one block that stands over the text: a section or
    programme label over a headline (`Im Kiez` / headline / text). With two blocks or more below
    it, such a line is the headline itself (`Weddinger Geschichten` / subtitle / item heading / text)."""
    if any(ch.isdigit() for ch in line):
        return False
    return len(words) == 1 or blocks == 1 and len(words) <= LABEL_WORDS and not _PUNCTUATION.search(line)


def _first_body_line(text: str, lines: list[tuple[int, int]], section: str | None) -> int | None:
    """Without a title: the article's head, found from its first line of running text.

    Real pages put any amount of chrome above an article (menus, info blocks, teasers), so the
    start is found from below: the first line of running text that no rule calls chrome and that is
    no caption (after a `start` marker such as `Inhaltsspalte`, when the page has one), then up over
    the head: blocks of non-blank lines (headline, subtitle, greeting), passing datelines and image
    captions, at most HEAD_BLOCKS blocks, stopping at a chrome line, a single word (`Aktuelles`,
    `Links`) or a repeat of a head line below it (a page title above the article's own headline).
    When no line is running text, the first line that is neither blank nor chrome."""
    first = _content_start(text, lines, section)
    prose = next((i for i in range(first, len(lines)) if _is_running_text(text[lines[i][0]:lines[i][1]], section)
                  and not _is_caption(text, lines, i, section)), None)
    if prose is None:
        return next((i for i in range(first, len(lines)) if text[lines[i][0]:lines[i][1]].strip()
                     and not matching_rule(text[lines[i][0]:lines[i][1]], "top", section)), None)
    start, blocks, joined = prose, 0, False  # joined: the line continues the block below it
    head: set[str] = set()
    for idx in range(prose - 1, first - 1, -1):
        line = text[lines[idx][0]:lines[idx][1]]
        words = _LETTERS.findall(line)
        if not words:  # blank, or only a separator such as `|`
            joined = False
            continue
        rule = matching_rule(line, "top", section)
        if rule is not None and rule.name not in HEAD_PASS:
            break
        if rule is None and _is_caption(text, lines, idx, section):
            continue
        if rule is None:
            if _is_label(line, words, blocks) or _repeats_head(_normalised(line), head):
                break
            # a line wrapped inside a sentence continues the block below it; any other line is a block
            if not (joined and line.rstrip()[-1:].isalpha() and line.split()[-1].islower()):
                blocks += 1
                if blocks >= HEAD_BLOCKS:
                    break
            joined = True
            start = idx  # a dateline above the headline stays outside (it is passed, not taken)
            head.add(_normalised(line))
    return start


def _is_running_text(line: str, section: str | None) -> bool:
    """Stricter than `_is_prose`: a sentence of five words or more, or twenty words. A long site name
    or a caption without a full stop is not where an article's text begins."""
    return _is_prose(line, section) and (len(_WORD.findall(line)) >= 20 or line.rstrip().rstrip(
        "“”\"»«')").endswith((".", "!", "?", ":")))


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
