"""Convert the staged German NER corpora into spaCy ``DocBin`` files (labels PER / LOC / ORG).

Sources are read in place from ``data_dir`` (``/work/shared/data`` on the project machines); nothing
is copied into the repository. Every source is turned into a list of :class:`Sent` (words, the
whitespace after each word, entity spans over word indices, and spans whose annotation is *missing*,
i.e. neither entity nor ``O``), and those are written as ``DocBin`` files to ``out_dir`` (default
``data/ner/``, git-ignored):

``train.spacy``
    All training portions mixed, each source repeated ``weights[source]`` times, shuffled with ``seed``.
``dev-germeval.spacy``
    GermEval 2014 DEV, all 2,200 sentences (our NER dev set: picks the training checkpoint and is
    reported; never trained on).
``dev-civic.spacy`` / ``dev-news.spacy``
    The project-written sets, lines with ``index % 10 == 9`` of each file.
``dev-written.spacy``
    Both together (reported; picked the checkpoint before GermEval TRAIN was available).
``dev-mobie.spacy`` / ``dev-ler.spacy``
    The official dev splits of MobIE and German LER (sources with a natural dev split).
``manifest.json``
    Counts per source, split and label, the weights/seed/filters used and a fingerprint of the inputs.

Label mapping (anything not listed becomes ``O``; "missing" spans are left unannotated so the model
gets no loss on them, used where a class is neither clearly PER/LOC/ORG nor clearly not):

=============  ===============================================================  ===========
source         PER / LOC / ORG                                                  missing
=============  ===============================================================  ===========
germeval       outer tags PER, LOC, ORG. OTH, *deriv ("Berliner"), *part         -
               ("EU-weit") -> O. The inner (nested) column is ignored.
europeana      PER, LOC, ORG                                                    MISC, BER typo,
                                                                                unreadable tags
smartdata      person -> PER; location, location-city, location-stop,           location-route,
               location-street -> LOC; organization, organization-company       lowercase LOC
               -> ORG. org-position, date, trigger, ... -> O                    ("deutschen"),
                                                                                mentions inside
                                                                                a token
                                                                                ("Lufthansa-Streik")
mobie          same as smartdata                                                location-route,
                                                                                lowercase LOC
ler            PER, RR (judge), AN (lawyer) -> PER; LD (country), ST (city),    MRK (brand)
               STR (street), LDS (landscape) -> LOC; ORG, UN (company),
               INN (institution), GRT (court) -> ORG. Legal classes (GS, VO,
               EUN, VS, VT, RS, LIT) -> O
civic, news    inline ``[text|PER]`` / ``[text|LOC]`` / ``[text|ORG]``          -
=============  ===============================================================  ===========

``location-route`` (bus/train lines such as "S4", "M41", motorways) is left missing rather than LOC:
the civic set does not mark lines ("Linie 247"), GermEval has no such class, so neither O nor LOC is
safe. Brands (LER ``MRK``) are GermEval ``OTH`` or ``ORG`` depending on context, hence missing too.

Splits and filters:

* germeval: the official TRAIN file (``NER-de-train.tsv.gz``, 24,000 sentences, the DEV file's
  columns without ``#`` lines) is train; the whole DEV file (2,200 sentences) is dev. Tokens are
  used as given.
* europeana: no sentence breaks upstream. Each file (sbb: each ``# file:`` document) is cut into chunks
  after sentence-final punctuation, or at a comma/slash once a chunk is long, never inside an entity.
  Metadata lines and lines without two fields are dropped, repairable tags (``B_LOC``, ``B-PEr``) are
  repaired, other tags make the token missing. Chunks with too many OCR-garbage tokens are dropped and
  only a fraction of entity-less chunks is kept. lft/onb attach punctuation to words ("Bolzano.",
  "Marx/"), so words are re-tokenised with spaCy's German tokenizer and punctuation is trimmed off
  entity edges. All of it is train (no official split).
* smartdata (v1 train only): character spans, tokenised with ``spacy.blank("de")``, cut into sentences
  (punctuation and line breaks). Train only.
* mobie: official train -> train, dev -> ``dev-mobie``; test is not used. ``#`` of hashtags is split
  off entities.
* ler: train = sentences of the seven court files that are not in ``ler_dev``/``ler_test`` (as the
  README says); only sentences with at most ``ler_max_len`` tokens, all with a PER/LOC/ORG entity
  plus a small fraction of the others. ``ler_dev`` -> ``dev-ler``; ``ler_test`` is not used.
* ler: sentences that occur in dev/test are removed in every copy (the court files repeat sentences,
  so 15,694 court-file sentences are held out, more than the 13,339 dev+test sentences).
* civic, news: the project-written sentences in ``corpus/ner/`` (see :func:`written_files`):
  ``civic-ner*.txt`` (district-news style) and ``news-ner*.txt`` (national news and encyclopedic
  style). In each file, line index (0-based, all lines counted) ``% 10 == 9`` -> dev, the rest train.
  Re-read on each conversion, since the files grow; lines must only be appended, or the split shifts.
  With ``written_drop_dev_names = 1`` a line is left out when it contains (as a whole word, also with
  a genitive s) the last name word of any person in the GermEval DEV file, so that no written
  sentence, train or dev, shares a person with the evaluation set, not even by chance.
* swap (augmentation, train only): ``swap_variants`` copies of the germeval, civic and news train sentences in
  which every entity is replaced by a random clean entity string of the same label, taken from the train
  portions of all sources (Europeana strings only when all their words occur in a modern source);
  ``swap_lexicon_share`` of the PER replacements are names from the lexicon's lists instead.

``weights`` (source -> copies, 0 = leave out) and ``filters`` (see :data:`DEFAULT_FILTERS`) are read by
``civic.train.ner.train`` from the ``[ner_data]`` section of ``models/configs/ner.cfg``. Run standalone::

    .venv/bin/python -m civic.train.ner.data --out-dir data/ner --weights '{"germeval": 4}'

Everything is deterministic for a given input, ``weights``, ``filters`` and ``seed``.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import json
import random
import re
import zipfile
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import spacy
from spacy.tokens import Doc, DocBin, Span
from spacy.util import filter_spans

LABELS = ("PER", "LOC", "ORG")
SOURCES = ("germeval", "europeana", "smartdata", "mobie", "ler", "civic", "news", "swap")
WRITTEN = {"civic": "civic-ner*.txt", "news": "news-ner*.txt"}  # project-written sources in corpus/ner/
MISSING = "-"  # mapped label meaning "annotation unknown for these tokens"
FORMAT_VERSION = 8  # bump when the conversion changes, so cached DocBins are rebuilt

# Repetitions of each source's train portion in train.spacy (0 drops the source).
DEFAULT_WEIGHTS: dict[str, int] = {
    "germeval": 4,
    "europeana": 1,
    "smartdata": 1,
    "mobie": 1,
    "ler": 1,
    "civic": 4,
    "news": 2,
    "swap": 1,
}

DEFAULT_FILTERS: dict[str, float] = {
    "europeana_max_noise": 0.12,  # drop chunks with more OCR-garbage tokens than this share
    "europeana_empty_frac": 0.25,  # share of entity-less chunks kept
    "europeana_min_len": 4,
    "ler_max_len": 60,
    "ler_empty_frac": 0.03,  # share of LER sentences without PER/LOC/ORG kept
    "civic_dev_mod": 10,
    "swap_variants": 2,  # entity-swapped variants of each germeval/civic train sentence
    "swap_lexicon_share": 0.0,  # share of swapped PER names drawn from the lexicon's name lists
    "written_drop_dev_names": 0,  # 1: leave out written lines that name a person of the GermEval dev half
}

CIVIC_RE = re.compile(r"\[([^\[\]|]+)\|(PER|LOC|ORG)\]")


@dataclass
class Sent:
    """One training/eval unit: words, trailing-space flags, entity and missing spans (word indices)."""

    words: list[str]
    spaces: list[bool]
    ents: list[tuple[int, int, str]] = field(default_factory=list)
    missing: list[tuple[int, int]] = field(default_factory=list)

    def to_doc(self, vocab) -> Doc:
        doc = Doc(vocab, words=self.words, spaces=self.spaces)
        ents = filter_spans([Span(doc, s, e, label=lab) for s, e, lab in self.ents])
        taken = {i for e in ents for i in range(e.start, e.end)}
        miss_tok = sorted({i for s, e in self.missing for i in range(s, e)} - taken)
        missing = []
        for i in miss_tok:  # merge into contiguous, non-overlapping spans
            if missing and missing[-1][1] == i:
                missing[-1][1] = i + 1
            else:
                missing.append([i, i + 1])
        doc.set_ents(ents, missing=[Span(doc, s, e) for s, e in missing], default="outside")
        return doc


# --------------------------------------------------------------------------------------------------
# generic helpers


def _open_text(path: Path) -> io.TextIOBase:
    if str(path).endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8")
    return open(path, encoding="utf-8")


def bio_to_spans(
    raw_tags: list[str], mapper: Callable[[str], str | None]
) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    """BIO/IOB tags (raw labels) -> (entity spans, missing spans). An I- without a B- starts a span."""
    ents: list[tuple[int, int, str]] = []
    missing: list[tuple[int, int]] = []
    cur: tuple[int, str | None, str] | None = None  # start, mapped label, raw type

    def close(end: int) -> None:
        if cur is None:
            return
        start, lab, _ = cur
        if lab == MISSING:
            missing.append((start, end))
        elif lab in LABELS:
            ents.append((start, end, lab))

    for i, tag in enumerate(raw_tags):
        if tag == MISSING:
            close(i)
            cur = None
            missing.append((i, i + 1))
            continue
        if tag == "O" or len(tag) < 3 or tag[1] != "-":
            close(i)
            cur = None
            continue
        prefix, typ = tag[0], tag[2:]
        if prefix == "I" and cur is not None and cur[2] == typ:
            continue
        close(i)
        cur = (i, mapper(typ), typ)
    close(len(raw_tags))
    return ents, missing


def read_conll(
    lines: Iterable[str],
    token_col: int = 0,
    tag_col: int = -1,
    sep: str | None = None,
    comments: bool = False,
):
    """Blank-line separated ``token ... tag`` sentences; skips ``-DOCSTART-`` lines and, with
    ``comments``, lines starting with ``#`` (GermEval). Tokens may start with ``#`` (hashtags)."""
    words: list[str] = []
    tags: list[str] = []
    for line in lines:
        line = line.rstrip("\n").rstrip("\r")
        if not line.strip():
            if words:
                yield words, tags
                words, tags = [], []
            continue
        if line.startswith("-DOCSTART-") or (comments and line.startswith("#")):
            continue
        cols = line.split(sep)
        if len(cols) < 2:
            continue
        words.append(cols[token_col])
        tags.append(cols[tag_col].strip())
    if words:
        yield words, tags


def _clean_words(words: list[str]) -> list[str]:
    # words must not contain whitespace and must not be empty
    return [re.sub(r"\s+", "", w) or "_" for w in words]


def words_to_sent(words: list[str], raw_tags: list[str], mapper) -> Sent:
    words = _clean_words(words)
    ents, missing = bio_to_spans(raw_tags, mapper)
    return Sent(words, [True] * (len(words) - 1) + [False], ents, missing)


_PUNCT_RE = re.compile(r"^[^\w]+$")


def retokenize(sent: Sent, tokenizer) -> Sent:
    """Re-split words with spaCy's tokenizer (punctuation glued to words in OCR sources) and trim
    punctuation tokens off entity edges."""
    new_words: list[str] = []
    new_spaces: list[bool] = []
    starts: list[int] = []
    for w, sp in zip(sent.words, sent.spaces, strict=True):
        starts.append(len(new_words))
        subs = [t.text for t in tokenizer(w)]
        # a trailing slash (virgula, "Marx/") is not split off by the German tokenizer
        split_subs: list[str] = []
        for s in subs:
            if len(s) > 1 and s.endswith("/"):
                split_subs.extend([s[:-1], "/"])
            else:
                split_subs.append(s)
        subs = split_subs or [w]
        new_words.extend(subs)
        new_spaces.extend([False] * (len(subs) - 1) + [sp])
    starts.append(len(new_words))

    ents = []
    for s, e, lab in sent.ents:
        a, b = starts[s], starts[e]
        while a < b and _PUNCT_RE.match(new_words[a]):
            a += 1
        while b > a and _PUNCT_RE.match(new_words[b - 1]):
            b -= 1
        if a < b:
            ents.append((a, b, lab))
    missing = [(starts[s], starts[e]) for s, e in sent.missing]
    return Sent(new_words, new_spaces, ents, missing)


def doc_to_sents(doc: Doc, missing_chars: list[tuple[int, int]] = ()) -> list[Sent]:
    """Cut a tokenised document with entities into sentences (punctuation, line breaks), never
    inside an entity; whitespace tokens at the edges are dropped."""
    in_ent = [False] * len(doc)
    for ent in doc.ents:
        for i in range(ent.start, ent.end - 1):
            in_ent[i] = True
    bounds = [0]
    for i, tok in enumerate(doc[:-1]):
        nxt = doc[i + 1]
        if in_ent[i]:
            continue
        if tok.is_space and "\n" in tok.text:
            bounds.append(i + 1)
        elif tok.text in {".", "!", "?"} and (nxt.is_space or nxt.text[:1].isupper() or nxt.is_quote):
            bounds.append(i + 1)
        elif "\n" in tok.whitespace_:
            bounds.append(i + 1)
    bounds.append(len(doc))
    sents = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        while a < b and doc[a].is_space:
            a += 1
        while b > a and doc[b - 1].is_space:
            b -= 1
        if b - a < 2:
            continue
        span = doc[a:b]
        words = [t.text for t in span]
        spaces = [bool(t.whitespace_) for t in span]
        spaces[-1] = False
        ents = [(e.start - a, e.end - a, e.label_) for e in doc.ents if e.start >= a and e.end <= b]
        missing = []
        for cs, ce in missing_chars:
            ms = doc.char_span(cs, ce, alignment_mode="expand")
            if ms is not None and ms.start >= a and ms.end <= b:
                missing.append((ms.start - a, ms.end - a))
        sents.append(Sent(words, spaces, ents, _drop_overlaps(ents, missing)))
    return sents


def _drop_overlaps(ents, missing):
    taken = set()
    for s, e, _ in ents:
        taken.update(range(s, e))
    return [(s, e) for s, e in missing if not taken.intersection(range(s, e))]


# --------------------------------------------------------------------------------------------------
# GermEval 2014


def _germeval_map(typ: str) -> str | None:
    return typ if typ in LABELS else None  # OTH, LOCderiv, LOCpart, ... -> O


def read_germeval_file(path: Path) -> list[Sent]:
    """GermEval TSV (``idx token outer inner``), outer level mapped to PER/LOC/ORG."""
    sents = []
    with _open_text(path) as fh:
        for words, tags in read_conll(fh, token_col=1, tag_col=2, sep="\t", comments=True):
            sents.append(words_to_sent(words, tags, _germeval_map))
    return sents


GERMEVAL_TRAIN = "NER-de-train.tsv.gz"  # official TRAIN split, 24,000 sentences, no ``#`` lines
GERMEVAL_DEV = "NER-de-dev.tsv.gz"  # official DEV split, 2,200 sentences


def read_germeval(data_dir: Path) -> tuple[list[Sent], list[Sent]]:
    """(train, dev): the official TRAIN file and the whole official DEV file.

    The DEV file is never trained on, so it can both pick the checkpoint and be reported.
    """
    folder = Path(data_dir) / "germeval2014"
    return read_germeval_file(folder / GERMEVAL_TRAIN), read_germeval_file(folder / GERMEVAL_DEV)


# --------------------------------------------------------------------------------------------------
# Europeana newspapers


_TAG_OK = re.compile(r"^[BI]-(PER|LOC|ORG)$")
_TAG_FIX = re.compile(r"^([BI])[-_.]?(PER|LOC|ORG)$", re.IGNORECASE)
_CLEAN_WORD = re.compile(r"^[^\W\d_]+(?:[-'’][^\W\d_]+)*-?$")
_CLEAN_NUM = re.compile(r"^\d+(?:[.,:/]\d+)*\.?$")
_STD_PUNCT = ".,;:!?()\"'„“”‚‘’«»-–—/[]&§%"
_EDGE_STRIP = '.,;:!?()"„“”‚’»«/[]'


def _europeana_tag(tag: str) -> str | None:
    """Normalise a raw tag; None means 'drop the line' (metadata in the tag column)."""
    if tag in ("O", "0"):
        return "O"
    if _TAG_OK.match(tag):
        return tag
    m = _TAG_FIX.match(tag)
    if m:
        return f"{m.group(1).upper()}-{m.group(2).upper()}"
    if len(tag) > 8 or "/" in tag or ":" in tag:
        return None
    return MISSING  # B-MISC, I-MISC, B-BER, ???, ...


def _is_noise(tok: str) -> bool:
    core = tok.strip(_EDGE_STRIP)
    if not core:
        return not all(c in _STD_PUNCT for c in tok)
    if _CLEAN_NUM.match(core):
        return False
    if not _CLEAN_WORD.match(core):
        return True
    # mixed case inside a word ("LeopolduS", "derKämtnerstrassen") is OCR damage
    return bool(re.search(r"[a-zäöüß][A-ZÄÖÜ]", core))


def read_europeana_file(path: Path) -> list[list[tuple[str, str]]]:
    """One europeana .bio(.gz) file -> documents of (token, normalised tag)."""
    docs: list[list[tuple[str, str]]] = [[]]
    with _open_text(path) as fh:
        for line in fh:
            line = line.rstrip("\n")
            if line.startswith("# file:"):
                docs.append([])
                continue
            if line.startswith("# ") or not line.strip():
                continue
            cols = line.split()
            if len(cols) != 2:
                continue
            tag = _europeana_tag(cols[1])
            if tag is None:
                continue
            docs[-1].append((cols[0], tag))
    return [d for d in docs if d]


def chunk_tokens(toks: list[tuple[str, str]], soft_max: int = 40, hard_max: int = 70):
    """Cut a token stream without sentence breaks into chunks, never inside an entity."""
    chunk: list[tuple[str, str]] = []
    for i, (tok, tag) in enumerate(toks):
        chunk.append((tok, tag))
        nxt = toks[i + 1][1] if i + 1 < len(toks) else "O"
        if nxt.startswith("I-"):
            continue
        end = tok[-1:] in {".", "!", "?"} and len(chunk) >= 3
        if not end and len(chunk) >= soft_max and tok[-1:] in {",", ";", ":", "/"}:
            end = True
        if not end and len(chunk) >= hard_max:
            end = True
        if end:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


def read_europeana(data_dir: Path, tokenizer, filters: dict, rng: random.Random) -> tuple[list[Sent], dict]:
    stats: Counter = Counter()
    out: list[Sent] = []
    for path in sorted((data_dir / "europeana_ner_de").glob("*.bio.gz")):
        for doc in read_europeana_file(path):
            for chunk in chunk_tokens(doc):
                stats["chunks"] += 1
                words = [t for t, _ in chunk]
                tags = [g for _, g in chunk]
                if len(words) < filters["europeana_min_len"]:
                    stats["dropped_short"] += 1
                    continue
                noise = sum(_is_noise(w) for w in words) / len(words)
                if noise > filters["europeana_max_noise"]:
                    stats["dropped_noisy"] += 1
                    continue
                sent = retokenize(words_to_sent(words, tags, lambda t: t if t in LABELS else MISSING), tokenizer)
                if not sent.ents and rng.random() >= filters["europeana_empty_frac"]:
                    stats["dropped_empty"] += 1
                    continue
                out.append(sent)
    return out, dict(stats)


# --------------------------------------------------------------------------------------------------
# DFKI SmartData / MobIE (same fine label set)


def _dfki_map(typ: str) -> str | None:
    typ = typ.lower()
    if typ == "person":
        return "PER"
    if typ == "location-route":
        return MISSING
    if typ.startswith("location"):
        return "LOC"
    if typ.startswith("organization"):
        return "ORG"
    return None


def read_smartdata(data_dir: Path, nlp) -> tuple[list[Sent], dict]:
    with _open_text(data_dir / "smartdata_corpus_v1" / "train.json.gz") as fh:
        s = fh.read()
    dec = json.JSONDecoder()
    i = 0
    out: list[Sent] = []
    stats: Counter = Counter()
    while True:
        while i < len(s) and s[i].isspace():
            i += 1
        if i >= len(s):
            break
        obj, i = dec.raw_decode(s, i)
        text = obj["text"]["string"]
        doc = nlp.make_doc(text)
        spans, missing_chars = [], []
        for m in (obj.get("conceptMentions") or {}).get("array", []):
            lab = _dfki_map(m["type"])
            if lab is None:
                continue
            a, b = m["span"]["start"], m["span"]["end"]
            if lab == MISSING or (lab == "LOC" and text[a : a + 1].islower()):
                # lowercase "locations" are adjectives or phrases ("deutschen", "beiden Richtungen")
                stats["lowercase_loc" if lab == "LOC" else "missing"] += 1
                missing_chars.append((a, b))
                continue
            sp = doc.char_span(a, b, label=lab, alignment_mode="contract")
            if sp is None or not sp.text.strip():
                stats["misaligned"] += 1
                missing_chars.append((a, b))
                continue
            if sp.end_char - sp.start_char != b - a:
                stats["contracted"] += 1
            spans.append(sp)
        kept = filter_spans(spans)
        stats["overlap_dropped"] += len(spans) - len(kept)
        doc.set_ents(kept)
        out.extend(doc_to_sents(doc, missing_chars))
        stats["docs"] += 1
    return out, dict(stats)


def _lowercase_loc_missing(sent: Sent) -> Sent:
    """LOC spans starting lowercase (adjectives such as "deutschen") become missing, as in SmartData."""
    keep = [e for e in sent.ents if not (e[2] == "LOC" and sent.words[e[0]][:1].islower())]
    moved = [(s, e) for s, e, lab in sent.ents if (s, e, lab) not in keep]
    return Sent(sent.words, sent.spaces, keep, sent.missing + moved)


def read_mobie(data_dir: Path, tokenizer) -> dict[str, list[Sent]]:
    splits = {}
    with zipfile.ZipFile(data_dir / "mobie" / "ner_conll03_formatted.zip") as zf:
        for split in ("train", "dev"):
            with zf.open(f"{split}.conll2003") as raw:
                lines = io.TextIOWrapper(raw, encoding="utf-8")
                splits[split] = [
                    _lowercase_loc_missing(retokenize(words_to_sent(w, t, _dfki_map), tokenizer))
                    for w, t in read_conll(lines, token_col=0, tag_col=3, sep="\t")
                ]
    return splits


# --------------------------------------------------------------------------------------------------
# German LER

_LER_MAP = {
    "PER": "PER", "RR": "PER", "AN": "PER",
    "LD": "LOC", "ST": "LOC", "STR": "LOC", "LDS": "LOC",
    "ORG": "ORG", "UN": "ORG", "INN": "ORG", "GRT": "ORG",
    "MRK": MISSING,
}  # fmt: skip


def _ler_map(typ: str) -> str | None:
    return _LER_MAP.get(typ)


def _read_ler_file(path: Path) -> list[tuple[list[str], list[str]]]:
    with _open_text(path) as fh:
        return list(read_conll(fh, token_col=0, tag_col=-1, sep=" "))


def read_ler(data_dir: Path, tokenizer, filters: dict, rng: random.Random) -> tuple[dict, dict]:
    d = data_dir / "german_ler"
    held = set()
    for name in ("ler_dev.conll.gz", "ler_test.conll.gz"):
        held.update(tuple(w) for w, _ in _read_ler_file(d / name))
    stats: Counter = Counter()
    train: list[Sent] = []
    for path in sorted(d.glob("*.conll.gz")):
        if path.name.startswith("ler_"):
            continue
        for words, tags in _read_ler_file(path):
            if tuple(words) in held:
                stats["held_out"] += 1
                continue
            stats["train_pool"] += 1
            if len(words) > filters["ler_max_len"]:
                stats["dropped_long"] += 1
                continue
            sent = words_to_sent(words, tags, _ler_map)
            if not sent.ents and rng.random() >= filters["ler_empty_frac"]:
                stats["dropped_empty"] += 1
                continue
            train.append(retokenize(sent, tokenizer))
    dev = [retokenize(words_to_sent(w, t, _ler_map), tokenizer) for w, t in _read_ler_file(d / "ler_dev.conll.gz")]
    return {"train": train, "dev": dev}, dict(stats)


# --------------------------------------------------------------------------------------------------
# civic set


def parse_civic_line(line: str) -> tuple[str, list[tuple[int, int, str]]]:
    """``... [Text|PER] ...`` -> plain text and character spans."""
    text_parts: list[str] = []
    spans = []
    pos = 0
    length = 0
    for m in CIVIC_RE.finditer(line):
        before = line[pos : m.start()]
        text_parts.append(before)
        length += len(before)
        ent = m.group(1)
        spans.append((length, length + len(ent), m.group(2)))
        text_parts.append(ent)
        length += len(ent)
        pos = m.end()
    text_parts.append(line[pos:])
    return "".join(text_parts), spans


def written_files(path: Path | None) -> dict[str, list[Path]]:
    """Project-written sentence files per source: a folder is searched with :data:`WRITTEN`, a single
    file counts as the civic set."""
    if path is None or not Path(path).exists():
        return {}
    path = Path(path)
    if path.is_file():
        return {"civic": [path]}
    found = {src: sorted(path.glob(pattern)) for src, pattern in WRITTEN.items()}
    return {src: files for src, files in found.items() if files}


def person_name_pattern(sents: list[Sent]) -> re.Pattern | None:
    """Whole-word regex for the last name word of every PER span in ``sents`` (plus genitive s)."""
    names = set()
    for s in sents:
        for a, b, lab in s.ents:
            words = [w for w in s.words[a:b] if len(w) >= 3 and w[:1].isupper() and w.replace("-", "").isalpha()]
            if lab == "PER" and words:
                names.add(words[-1])
    if not names:
        return None
    alts = "|".join(map(re.escape, sorted(names, key=len, reverse=True)))
    return re.compile(rf"(?<![\w-])(?:{alts})(?:s|'s|')?(?![\w-])")


def read_civic(
    files: Path | list[Path], nlp, dev_mod: int = 10, exclude: re.Pattern | None = None
) -> tuple[dict, dict]:
    """Sentences with inline ``[text|LABEL]`` markup; every ``dev_mod``-th line of each file is dev.
    Lines whose text matches ``exclude`` are left out (counted as ``excluded``)."""
    stats: Counter = Counter()
    out: dict[str, list[Sent]] = {"train": [], "dev": []}
    files = [files] if isinstance(files, Path) else files
    numbered = [(idx, line) for f in files for idx, line in enumerate(f.read_text(encoding="utf-8").splitlines())]
    for idx, line in numbered:
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        text, spans = parse_civic_line(line)
        if exclude is not None and exclude.search(text):
            stats["excluded"] += 1
            continue
        if "[" in text and "|" in text:
            stats["leftover_markup"] += 1
        doc = nlp.make_doc(text)
        ents = []
        for a, b, lab in spans:
            sp = doc.char_span(a, b, label=lab, alignment_mode="contract")
            if sp is None:
                stats["misaligned"] += 1
                continue
            if sp.end_char - sp.start_char != b - a:
                stats["contracted"] += 1
            ents.append(sp)
        doc.set_ents(filter_spans(ents))
        sent = Sent(
            [t.text for t in doc],
            [bool(t.whitespace_) for t in doc],
            [(e.start, e.end, e.label_) for e in doc.ents],
        )
        out["dev" if idx % dev_mod == dev_mod - 1 else "train"].append(sent)
    return out, dict(stats)


# --------------------------------------------------------------------------------------------------
# entity-swap augmentation


def entity_pool(sents: list[Sent], known: set[str] | None = None) -> dict[str, list[tuple[str, ...]]]:
    """Distinct, clean entity strings per label from train sentences (no OCR noise, capitalised,
    at most 5 words, no one-letter anonymised names; with ``known``, only strings whose words are
    all in it)."""
    pool: dict[str, set[tuple[str, ...]]] = {lab: set() for lab in LABELS}
    for s in sents:
        for a, b, lab in s.ents:
            words = tuple(s.words[a:b])
            text = " ".join(words)
            if len(words) > 5 or len(text) < 3 or not text[:1].isupper():
                continue
            if any(_is_noise(w) for w in words) or not all(sp for sp in s.spaces[a : b - 1]):
                continue
            if known is not None and not all(w in known for w in words):
                continue
            if any(_PUNCT_RE.match(w) and w not in {"-", "&"} for w in words):
                continue
            pool[lab].add(words)
    return {lab: sorted(v) for lab, v in pool.items()}


def lexicon_person(n_words: int, names: tuple[list[str], list[str]], rng: random.Random) -> tuple[str, ...]:
    """A random person name shaped like the one it replaces: a surname alone for a one-word name,
    otherwise first name + surname."""
    first, last = names
    surname = last[rng.randrange(len(last))]
    return (surname,) if n_words == 1 else (first[rng.randrange(len(first))], surname)


def swap_entities(
    sents: list[Sent],
    pool: dict,
    variants: int,
    rng: random.Random,
    names: tuple[list[str], list[str]] | None = None,
    name_share: float = 0.0,
) -> list[Sent]:
    """Copies of ``sents`` where every entity is replaced by a random pool entity of the same label,
    so the model sees the same contexts with many more names. With ``names`` (first names, surnames),
    a ``name_share`` of the PER replacements are drawn from those lists instead of the pool."""
    out = []
    for _ in range(variants):
        for s in sents:
            if not s.ents:
                continue
            words: list[str] = []
            spaces: list[bool] = []
            ents = []
            missing = []
            starts = {a: (b, lab) for a, b, lab in s.ents}
            miss = {i for a, b in s.missing for i in range(a, b)}
            i = 0
            while i < len(s.words):
                if i in starts and pool.get(starts[i][1]):
                    b, lab = starts[i]
                    if lab == "PER" and names and rng.random() < name_share:
                        new = lexicon_person(b - i, names, rng)
                    else:
                        new = pool[lab][rng.randrange(len(pool[lab]))]
                    ents.append((len(words), len(words) + len(new), lab))
                    words.extend(new)
                    spaces.extend([True] * (len(new) - 1) + [s.spaces[b - 1]])
                    i = b
                    continue
                if i in starts:
                    b, lab = starts[i]
                    ents.append((len(words), len(words) + b - i, lab))
                if i in miss:
                    missing.append((len(words), len(words) + 1))
                words.append(s.words[i])
                spaces.append(s.spaces[i])
                i += 1
            out.append(Sent(words, spaces, ents, missing))
    return out


# --------------------------------------------------------------------------------------------------
# conversion


def label_counts(sents: list[Sent]) -> dict[str, int]:
    c = Counter(lab for s in sents for _, _, lab in s.ents)
    return {
        "sents": len(sents),
        "tokens": sum(len(s.words) for s in sents),
        **{lab: c.get(lab, 0) for lab in LABELS},
    }


def write_docbin(sents: list[Sent], path: Path, vocab) -> None:
    db = DocBin(attrs=["ORTH", "ENT_IOB", "ENT_TYPE"], store_user_data=False)
    for s in sents:
        db.add(s.to_doc(vocab))
    path.parent.mkdir(parents=True, exist_ok=True)
    db.to_disk(path)


def input_fingerprint(data_dir: Path, civic_file: Path | None, weights: dict, seed: int, filters: dict) -> str:
    """Hash of everything the conversion depends on (input files by size+mtime, civic by content)."""
    h = hashlib.sha256()
    h.update(json.dumps([FORMAT_VERSION, weights, seed, filters], sort_keys=True).encode())
    for p in sorted(data_dir.glob("*/*")):
        if p.is_file():
            st = p.stat()
            h.update(f"{p.relative_to(data_dir)}:{st.st_size}:{int(st.st_mtime)}".encode())
    for files in written_files(civic_file).values():
        for f in files:
            h.update(f.name.encode() + f.read_bytes())
    return h.hexdigest()


def load_sources(
    data_dir: Path, civic_file: Path | None, seed: int = 0, filters: dict | None = None
) -> tuple[dict[str, dict[str, list[Sent]]], dict]:
    """Read every source -> {source: {"train": [...], "dev": [...]}} plus per-source reader stats."""
    filters = {**DEFAULT_FILTERS, **(filters or {})}
    nlp = spacy.blank("de")
    tok = nlp.tokenizer
    data: dict[str, dict[str, list[Sent]]] = {}
    stats: dict[str, dict] = {}
    ge_train, ge_dev = read_germeval(data_dir)
    data["germeval"] = {"train": ge_train, "dev": ge_dev}
    eu, stats["europeana"] = read_europeana(data_dir, tok, filters, random.Random(f"europeana-{seed}"))
    data["europeana"] = {"train": eu}
    sd, stats["smartdata"] = read_smartdata(data_dir, nlp)
    data["smartdata"] = {"train": sd}
    data["mobie"] = read_mobie(data_dir, tok)
    data["ler"], stats["ler"] = read_ler(data_dir, tok, filters, random.Random(f"ler-{seed}"))
    # written lines never name a person of the GermEval DEV file (our evaluation set), even by chance
    exclude = person_name_pattern(ge_dev) if filters["written_drop_dev_names"] else None
    for src, files in written_files(civic_file).items():
        data[src], stats[src] = read_civic(files, nlp, int(filters["civic_dev_mod"]), exclude)
    base = data["germeval"]["train"] + [s for src in WRITTEN for s in data.get(src, {}).get("train", [])]
    # OCR'd Europeana names only when every word also occurs in a modern source
    modern = [s for name, src in data.items() if name != "europeana" for s in src.get("train", [])]
    known = {w for s in modern for w in s.words}
    pool = entity_pool(modern + data["europeana"]["train"], known)
    share = float(filters["swap_lexicon_share"])
    names = None
    if share > 0:
        from civic.train.ner.lexicon import name_lists

        names = name_lists()
    rng = random.Random(f"swap-{seed}")
    data["swap"] = {"train": swap_entities(base, pool, int(filters["swap_variants"]), rng, names, share)}
    stats["swap"] = {lab: len(v) for lab, v in pool.items()}
    return data, stats


def convert(
    data_dir: Path,
    out_dir: Path,
    civic_file: Path | None,
    weights: dict[str, int] | None = None,
    seed: int = 0,
    filters: dict | None = None,
) -> dict:
    """Read all sources and write ``train.spacy``, ``dev-*.spacy`` and ``manifest.json`` to out_dir.

    ``weights`` maps a source name to how many copies of its train portion go into train.spacy
    (missing names use :data:`DEFAULT_WEIGHTS`, 0 leaves a source out). Returns the counts that are
    also written to ``manifest.json``.
    """
    data_dir, out_dir = Path(data_dir), Path(out_dir)
    civic_file = Path(civic_file) if civic_file is not None else None
    weights = {**DEFAULT_WEIGHTS, **(weights or {})}
    unknown = set(weights) - set(SOURCES)
    if unknown:
        raise ValueError(f"unknown sources in weights: {sorted(unknown)}")
    filters = {**DEFAULT_FILTERS, **(filters or {})}
    fingerprint = input_fingerprint(data_dir, civic_file, weights, seed, filters)

    data, reader_stats = load_sources(data_dir, civic_file, seed, filters)
    vocab = spacy.blank("de").vocab
    counts: dict = {"sources": {}, "reader_stats": reader_stats}
    train: list[Sent] = []
    for src in SOURCES:
        if src not in data:
            continue
        counts["sources"][src] = {split: label_counts(s) for split, s in data[src].items()}
        train.extend(data[src].get("train", []) * int(weights.get(src, 0)))
    random.Random(seed).shuffle(train)
    out_dir.mkdir(parents=True, exist_ok=True)
    write_docbin(train, out_dir / "train.spacy", vocab)
    files = {"train": "train.spacy"}
    for src in SOURCES:
        if src in data and data[src].get("dev"):
            name = f"dev-{src}.spacy"
            write_docbin(data[src]["dev"], out_dir / name, vocab)
            files[f"dev-{src}"] = name
    written_dev = [s for src in WRITTEN for s in data.get(src, {}).get("dev", [])]
    if written_dev:  # project-written dev lines, reported (the checkpoint is chosen on dev-germeval)
        write_docbin(written_dev, out_dir / "dev-written.spacy", vocab)
        files["dev-written"] = "dev-written.spacy"
    counts["train"] = label_counts(train)
    counts.update(
        weights=weights,
        seed=seed,
        filters=filters,
        files=files,
        civic_file=str(civic_file) if civic_file else None,
        fingerprint=fingerprint,
        format_version=FORMAT_VERSION,
    )
    (out_dir / "manifest.json").write_text(json.dumps(counts, indent=2, ensure_ascii=False) + "\n")
    return counts


def _any_map(typ: str) -> str | None:
    """Label mapper for CoNLL files of unknown origin: PER/LOC/ORG, DFKI and LER classes."""
    if typ in LABELS:
        return typ
    if typ in _LER_MAP:
        return _LER_MAP[typ]
    return _dfki_map(typ)


def read_tagged_file(path: Path) -> list[Sent]:
    """A GermEval TSV (``idx token outer inner``, ``#`` comment lines) or a CoNLL file with the
    token in the first and the BIO tag in the last column (space or tab separated), gz or plain."""
    path = Path(path)
    with _open_text(path) as fh:
        head = [ln for ln in (fh.readline() for _ in range(50)) if ln.strip()]
    germeval = any(ln.startswith("#\t") for ln in head) or any(
        len(c := ln.rstrip("\n").split("\t")) == 4 and c[0].isdigit() for ln in head
    )
    if germeval:
        return read_germeval_file(path)
    sep = "\t" if any("\t" in ln for ln in head) else None
    with _open_text(path) as fh:
        return [words_to_sent(w, t, _any_map) for w, t in read_conll(fh, 0, -1, sep)]


def iter_docs(path: Path, vocab) -> Iterator[Doc]:
    yield from DocBin().from_disk(path).get_docs(vocab)


def main(argv: list[str] | None = None) -> None:
    import argparse

    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data-dir", type=Path, default=Path("/work/shared/data"))
    ap.add_argument("--out-dir", type=Path, default=Path("data/ner"))
    ap.add_argument("--civic-file", type=Path, default=Path("corpus/ner"), help="file or folder of written sets")
    ap.add_argument("--weights", type=json.loads, default=None, help='JSON, e.g. {"germeval": 4}')
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args(argv)
    counts = convert(args.data_dir, args.out_dir, args.civic_file, args.weights, args.seed)
    print(json.dumps({k: counts[k] for k in ("sources", "reader_stats", "train")}, indent=1))


if __name__ == "__main__":
    main()
