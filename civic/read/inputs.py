"""Turn input paths into a stream of InputDoc or DeadLetter, lazily and in input order.

Accepted inputs: JSONL files (one article per line, fields `id`, `text` or `html`, optional
`published`, `url`, `title`, `section`), `.txt` and `.html` files (one article each), web archives
(`.warc`, `.arc`: civic.read.warc), RSS/Atom feeds (`.rss`, `.atom`, `.xml`: civic.read.feeds), directories
of those (sorted, recursive), `.gz` of any of them, and `-` for stdin (JSONL if it starts with `{`,
else one plain-text article). Nothing is read before it is needed, so memory stays flat.

No document is held whole beyond `max_doc_bytes` (default 50 MB of decompressed text, see
limits.py): a longer JSONL line, file or stdin becomes a dead letter with its place, its size so
far and the reason, and reading goes on with the next line or file.
"""

from __future__ import annotations

import datetime as dt
import gzip
import io
import os
import sys
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import orjson

from civic.read.documents import DeadLetter, InputDoc, published_origin
from civic.read.feeds import FEED_SUFFIXES, read_feed
from civic.read.html import html_to_text
from civic.read.limits import DEFAULT_MAX_DOC_BYTES, Oversize, bounded_lines, read_bounded
from civic.read.warc import ARCHIVE_SUFFIXES, read_archive

Item = InputDoc | DeadLetter

JSONL_SUFFIXES = {".jsonl", ".ndjson", ".json"}
TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
KNOWN_SUFFIXES = JSONL_SUFFIXES | TEXT_SUFFIXES | HTML_SUFFIXES | ARCHIVE_SUFFIXES | FEED_SUFFIXES
OPTIONAL_STR_FIELDS = ("url", "title", "section")
RAW_PREVIEW = 300


class InputError(Exception):
    """An input path that cannot be read at all (missing, unknown kind)."""


def parse_published(value: object) -> str:
    """Validate a published date and return it as YYYY-MM-DD.

    Accepts `YYYY-MM-DD` and ISO datetimes (`2022-06-20T10:00:00+02:00`), whose date part is kept.
    Raises ValueError with a reason a user can act on.
    """
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a string YYYY-MM-DD, got {type(value).__name__}")
    head = value.strip()[:10]
    try:
        return dt.date.fromisoformat(head).isoformat()
    except ValueError:
        raise ValueError(f"'published' is not a valid date YYYY-MM-DD: {value[:40]!r}") from None


def _inner_suffix(path: Path) -> str:
    """The suffix that says what a file holds: `a.jsonl.gz` -> `.jsonl`."""
    suffixes = [s.lower() for s in path.suffixes]
    if suffixes and suffixes[-1] == ".gz":
        suffixes = suffixes[:-1]
    return suffixes[-1] if suffixes else ""


def _open_bytes(path: Path) -> io.BufferedIOBase:
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return open(path, "rb")


def _doc_id_from_path(path: Path) -> str:
    name = path.name
    for suffix in reversed(path.suffixes):
        name = name[: -len(suffix)] if name.endswith(suffix) else name
    return name or path.name


def expand_inputs(inputs: list[str]) -> list[str]:
    """Expand directories into their readable files, sorted, so runs are reproducible."""
    paths: list[str] = []
    for given in inputs:
        if given == "-":
            paths.append("-")
            continue
        path = Path(given)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and _inner_suffix(p) in KNOWN_SUFFIXES
            )
            paths.extend(str(p) for p in found)
        elif path.is_file():
            if _inner_suffix(path) not in KNOWN_SUFFIXES:
                raise InputError(f"{given}: unknown input kind (expected .jsonl, .txt, .html, .warc, .arc, "
                                 ".rss, .atom, .xml or .gz of them)")
            paths.append(str(path))
        else:
            raise InputError(f"{given}: no such file or directory")
    return paths


COUNT_LIMIT = 512 * 1024 * 1024  # bytes of plain JSONL worth one extra pass to count its lines


def count_items(files: list[str]) -> int | None:
    """How many items `files` will give, when that is cheap to know (for a progress bar's total
    and ETA): one per .txt/.html file, one per non-blank line of a plain JSONL file. None for
    stdin, compressed files, archives, feeds and JSONL files larger than COUNT_LIMIT in all."""
    total = 0
    jsonl_bytes = 0
    for name in files:
        path = Path(name)
        if name == "-" or path.suffix.lower() == ".gz":
            return None
        kind = _inner_suffix(path)
        if kind in TEXT_SUFFIXES | HTML_SUFFIXES:
            total += 1
        elif kind in JSONL_SUFFIXES:
            jsonl_bytes += path.stat().st_size
            if jsonl_bytes > COUNT_LIMIT:
                return None
            with open(path, "rb") as fh:
                total += sum(1 for line in fh if line.strip())
        else:
            return None
    return total


def path_ids(names: list[str]) -> dict[str, str]:
    """The id of each .txt/.html file: its file name without suffixes, or, where two files of the
    run share that name (`a/index.html`, `b/index.html`), their path relative to the folder they
    have in common (`a/index`, `b/index`), so that ids derived from paths are unique in a run."""
    stems: dict[str, list[str]] = {}
    for name in names:
        if name != "-" and _inner_suffix(Path(name)) not in JSONL_SUFFIXES:
            stems.setdefault(_doc_id_from_path(Path(name)), []).append(name)
    ids = {}
    for stem, group in stems.items():
        if len(group) == 1:
            ids[group[0]] = stem
            continue
        root = os.path.commonpath([os.path.dirname(os.path.abspath(n)) for n in group])
        for name in group:
            relative = Path(os.path.relpath(os.path.abspath(name), root))
            ids[name] = (relative.parent / _doc_id_from_path(relative)).as_posix()
    return ids


class UniqueIds:
    """Policy for a repeated id within a run (two JSONL lines with the same `id`, or a JSONL id equal
    to a file's): keep both; the second gets the suffix `~2`, the third `~3`, … . `renamed` counts
    them for the run's warning. Nothing is merged, so no article's facts land under another's title."""

    def __init__(self) -> None:
        self.seen: dict[str, int] = {}
        self.renamed = 0

    def __call__(self, items: Iterator[Item]) -> Iterator[Item]:
        for item in items:
            if isinstance(item, InputDoc):
                count = self.seen.get(item.id, 0) + 1
                self.seen[item.id] = count
                if count > 1:
                    new = f"{item.id}~{count}"
                    while new in self.seen:
                        count += 1
                        new = f"{item.id}~{count}"
                    self.seen[new] = 1
                    self.renamed += 1
                    item.id = new
            yield item


def read_inputs(inputs: list[str], default_published: str | None = None, skipped: Counter | None = None,
                ids: UniqueIds | None = None, max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[Item]:
    """Yield every input item of every path, in order, with ids unique in the run (see UniqueIds);
    `skipped` counts archive records that are no documents (revisits, duplicates, non-HTML), by reason.
    A document over `max_doc_bytes` (decompressed) is a dead letter, never held whole (limits.py)."""
    return (ids or UniqueIds())(_read_all(inputs, default_published, skipped, max_doc_bytes))


def _read_all(inputs: list[str], default_published: str | None, skipped: Counter | None,
              max_doc_bytes: int) -> Iterator[Item]:
    names = expand_inputs(inputs)
    ids = path_ids(names)
    for name in names:
        if name == "-":
            yield from _read_stdin(default_published, max_doc_bytes)
            continue
        path = Path(name)
        kind = _inner_suffix(path)
        try:
            if kind in ARCHIVE_SUFFIXES:  # warcio reads the file itself, so offsets are the file's own
                yield from read_archive(name, default_published, skipped, max_doc_bytes)
                continue
            with _open_bytes(path) as handle:
                if kind in JSONL_SUFFIXES:
                    yield from read_jsonl_lines(handle, name, default_published, max_doc_bytes)
                elif kind in FEED_SUFFIXES:
                    yield from _read_feed_file(read_bounded(handle, max_doc_bytes), name, default_published,
                                               max_doc_bytes)
                else:
                    yield _read_single(read_bounded(handle, max_doc_bytes), name, ids[name], kind,
                                       default_published, max_doc_bytes)
        except (OSError, EOFError, gzip.BadGzipFile) as exc:
            yield DeadLetter(file=name, line=0, reason=f"cannot read file: {exc}")


def _read_feed_file(data: bytes | Oversize, name: str, default_published: str | None,
                    max_doc_bytes: int) -> Iterator[Item]:
    """A feed is parsed whole (feeds.py), so the limit is the whole feed file's."""
    if isinstance(data, Oversize):
        yield _too_large(data, name, 0, max_doc_bytes)
        return
    yield from read_feed(data, name, default_published)


def texts_by_id(inputs: list[str]) -> dict[str, str]:
    """id -> text of every readable input document (to find article bodies for record ids)."""
    return {item.id: item.text for item in read_inputs(inputs) if isinstance(item, InputDoc)}


def _read_stdin(default_published: str | None, max_doc_bytes: int) -> Iterator[Item]:
    stream = sys.stdin.buffer
    head = stream.peek(64)[:64] if hasattr(stream, "peek") else b""
    if head.lstrip().startswith(b"{"):
        yield from read_jsonl_lines(stream, "<stdin>", default_published, max_doc_bytes)
    else:
        yield _read_single(read_bounded(stream, max_doc_bytes), "<stdin>", "stdin", ".txt", default_published,
                           max_doc_bytes)


def _too_large(oversize: Oversize, name: str, number: int, limit: int, doc_id: str | None = None) -> DeadLetter:
    """The dead letter of a document over the limit: where it is, how big, why."""
    preview = oversize.head[:RAW_PREVIEW].decode("utf-8", errors="replace").rstrip("\r\n")
    return DeadLetter(file=name, line=number, id=doc_id, reason=oversize.reason(limit), raw=preview)


def _read_single(data: bytes | Oversize, name: str, doc_id: str, kind: str, default_published: str | None,
                 max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Item:
    """A whole .txt or .html file is one article; its id is the file name without suffixes."""
    if isinstance(data, Oversize):
        return _too_large(data, name, 1, max_doc_bytes, doc_id)
    try:
        content = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        return DeadLetter(file=name, line=1, id=doc_id, reason=f"not valid UTF-8: {exc.reason} at byte {exc.start}")
    content = content.removeprefix("\ufeff")
    if kind in HTML_SUFFIXES:
        page = html_to_text(content)
        return InputDoc(
            id=doc_id, text=page.text, file=name, line=1, title=page.title,
            published=page.published or default_published, extracted=True,
            published_from=published_origin(page.published, default_published),
        )
    return InputDoc(id=doc_id, text=content, file=name, line=1, published=default_published,
                    published_from=published_origin(None, default_published))


def read_jsonl_lines(handle, name: str, default_published: str | None,
                     max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES, first_line: int = 1) -> Iterator[Item]:
    """One item per non-blank line; anything wrong with a line (also its size) becomes a dead letter for it."""
    for number, raw in enumerate(bounded_lines(handle, max_doc_bytes), start=first_line):
        if isinstance(raw, Oversize):
            yield _too_large(raw, name, number, max_doc_bytes)
        elif raw.strip():
            yield parse_jsonl_line(raw, name, number, default_published)


def parse_jsonl_line(raw: bytes, name: str, number: int, default_published: str | None) -> Item:
    """Validate one JSONL line and build the InputDoc, or explain in a DeadLetter what is wrong."""
    preview = raw[:RAW_PREVIEW].decode("utf-8", errors="replace").rstrip("\r\n")

    def dead(reason: str, doc_id: str | None = None) -> DeadLetter:
        return DeadLetter(file=name, line=number, reason=reason, raw=preview, id=doc_id)

    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        return dead(f"not valid UTF-8: {exc.reason} at byte {exc.start}")
    try:
        obj = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        return dead(f"invalid JSON: {exc}")
    if not isinstance(obj, dict):
        return dead(f"expected a JSON object, got {type(obj).__name__}")

    doc_id = obj.get("id")
    if doc_id is None:
        doc_id = f"{_doc_id_from_path(Path(name))}-{number}"
    elif not isinstance(doc_id, str) or not doc_id.strip():
        return dead(f"'id' must be a non-empty string, got {type(doc_id).__name__}")

    text, html = obj.get("text"), obj.get("html")
    if text is None and html is None:
        return dead("missing 'text' (or 'html')", doc_id)
    if text is not None and not isinstance(text, str):
        return dead(f"'text' must be a string, got {type(text).__name__}", doc_id)
    if text is None and not isinstance(html, str):
        return dead(f"'html' must be a string, got {type(html).__name__}", doc_id)

    for key in OPTIONAL_STR_FIELDS:
        if obj.get(key) is not None and not isinstance(obj[key], str):
            return dead(f"'{key}' must be a string, got {type(obj[key]).__name__}", doc_id)

    published = default_published
    if obj.get("published") is not None:
        try:
            published = parse_published(obj["published"])
        except ValueError as exc:
            return dead(str(exc), doc_id)

    title = obj.get("title")
    extracted = False
    if text is None:
        page = html_to_text(html)
        text, extracted = page.text, True
        title = title or page.title
        published_from = published_origin(None if published else page.published, published)
        published = published or page.published
    else:
        published_from = published_origin(None, published)
    known = {"id", "text", "html", "published", *OPTIONAL_STR_FIELDS}
    return InputDoc(
        id=doc_id, text=text, file=name, line=number, published=published, published_from=published_from,
        url=obj.get("url"), title=title, section=obj.get("section"), extracted=extracted,
        extra={k: v for k, v in obj.items() if k not in known},
    )
