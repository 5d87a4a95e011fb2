"""Web archives (WARC and ARC, plain or gzipped) to InputDoc or DeadLetter, with warcio.

Researchers hold crawls from Webrecorder, the Internet Archive or Common Crawl, not JSONL. Each
HTML capture (a response record with HTTP status 200 and an HTML content type) becomes one
document; its page goes through the same HTML path as `.html` files (civic.read.html).
Everything else is skipped and counted in `skipped` (the run's summary reports it):

- `revisit` records (the crawler saw the same payload again and stored only a pointer),
- `duplicate` captures (a payload already read from this archive, by its SHA-256),
- `not HTML` responses (images, scripts, redirects, errors),
- `other` records (warcinfo, request, metadata, the ARC file header).

A record that is truncated or broken becomes a dead letter with its byte offset in the file, so
it can be found with any WARC tool; the documents before it are kept. After a broken record the
rest of that file cannot be found reliably (records have no index), so reading that file stops
there and the run goes on with the next input.

Reading is deterministic (ids come from the archive, order is file order), so `--resume` and
`--workers` work as on JSONL.
"""

from __future__ import annotations

import codecs
import gzip
import hashlib
import os
from collections import Counter
from collections.abc import Generator, Iterator
from dataclasses import dataclass
from typing import BinaryIO

from civic.read.documents import DeadLetter, InputDoc, published_origin
from civic.read.html import html_to_text
from civic.read.limits import DEFAULT_MAX_DOC_BYTES, Oversize, read_bounded

ARCHIVE_SUFFIXES = {".warc", ".arc"}
HTML_TYPES = ("text/html", "application/xhtml+xml")
TAIL_PEEK = 1024


@dataclass
class _Capture:
    """What one archive record holds, read in full before anything is yielded."""

    number: int
    offset: int
    kind: str
    uri: str | None
    date: str | None
    record_id: str | None
    status: str | None
    content_type: str
    payload: bytes
    complete: bool
    oversize: Oversize | None = None  # the payload passed --max-doc-bytes: only its head is kept


def read_archive(name: str, default_published: str | None = None, skipped: Counter | None = None,
                 max_doc_bytes: int = DEFAULT_MAX_DOC_BYTES) -> Iterator[InputDoc | DeadLetter]:
    """Yield one InputDoc per HTML capture of the archive `name`, in file order.

    A payload over `max_doc_bytes` (decompressed, as warcio hands it over) is read in bounded
    chunks and dropped as it comes; the capture becomes a dead letter and the next record follows."""
    skipped = Counter() if skipped is None else skipped
    seen: set[str] = set()
    for capture in _captures(name, max_doc_bytes):
        if isinstance(capture, DeadLetter):
            yield capture
            continue
        if capture.oversize is not None:
            yield DeadLetter(file=name, line=capture.number, id=_doc_id(capture),
                             reason=f"{capture.oversize.reason(max_doc_bytes)} (record at byte offset "
                                    f"{capture.offset})",
                             raw=capture.oversize.head[:300].decode("utf-8", errors="replace"))
            continue
        if not capture.complete:
            yield DeadLetter(file=name, line=capture.number, id=_doc_id(capture),
                             reason=f"truncated or damaged record at byte offset {capture.offset}")
            continue
        reason = _skip_reason(capture)
        if reason is None:
            digest = hashlib.sha256(capture.payload).hexdigest()
            reason = "duplicate" if digest in seen else None
            seen.add(digest)
        if reason is not None:
            skipped[reason] += 1
            continue
        yield _document(name, capture, default_published)


def _skip_reason(capture: _Capture) -> str | None:
    if capture.kind == "revisit":
        return "revisit"
    if capture.kind != "response":
        return "other"
    media_type = capture.content_type.split(";")[0].strip().lower()
    if capture.status != "200" or media_type not in HTML_TYPES:
        return "not HTML"
    return None


def _document(name: str, capture: _Capture, default_published: str | None) -> InputDoc:
    """The page's own date wins (as for .html files); else the day it was crawled."""
    page = html_to_text(_decode(capture.payload, capture.content_type))
    published, published_from = page.published, "html-meta"
    if published is None and capture.date:
        published, published_from = capture.date, "crawl"
    if published is None:
        published, published_from = default_published, published_origin(None, default_published)
    return InputDoc(
        id=_doc_id(capture), text=page.text, file=name, line=capture.number, published=published,
        url=capture.uri, title=page.title, extracted=True, published_from=published_from,
    )


def _doc_id(capture: _Capture) -> str:
    """The WARC-Record-ID; ARC records have none, so a hash of the URI and capture time (two
    captures of one page on different days are two documents)."""
    if capture.record_id:
        return capture.record_id.strip("<>")
    key = f"{capture.uri or ''} {capture.date or ''}".encode()
    return "arc-" + hashlib.sha256(key).hexdigest()[:16]


def _decode(payload: bytes, content_type: str) -> str:
    """Bytes to text by the HTTP charset, else UTF-8, else Windows-1252 (never fails)."""
    charset = None
    for part in content_type.split(";")[1:]:
        key, _, value = part.partition("=")
        if key.strip().lower() == "charset":
            charset = value.strip().strip("\"'")
    try:
        codecs.lookup(charset or "utf-8")
    except LookupError:
        charset = None
    try:
        text = payload.decode(charset or "utf-8")
    except UnicodeDecodeError:
        text = payload.decode("cp1252", errors="replace")
    return text.removeprefix("\ufeff")


def _captures(name: str, max_doc_bytes: int) -> Iterator[_Capture | DeadLetter]:
    """Every record of the archive, or a dead letter where the archive stops making sense.

    warcio's errors on hostile bytes are of many types (its own, zlib, binascii, ValueError), so
    any exception while parsing one record is that record's dead letter; none escapes the run.

    A WARC gzipped whole (`gzip crawl.warc`, one member, not one per record) is valid data that
    warcio refuses after the first record; it is read again through `gzip`, from the record
    where warcio stopped, and offsets are then those of the decompressed archive.
    """
    with open(name, "rb") as fh:
        number = yield from _records(name, fh, max_doc_bytes, skip=0, whole_gzip=False)
        if number is None:
            return
        fh.seek(0)
        with gzip.open(fh) as inflated:
            yield from _records(name, inflated, max_doc_bytes, skip=number, whole_gzip=True)


def _records(name: str, fh: BinaryIO, max_doc_bytes: int, skip: int,
             whole_gzip: bool) -> Generator[_Capture | DeadLetter, None, int | None]:
    """The records of `fh` after the first `skip`; returns how many were read when warcio meets a
    gzip member that holds more than one record (then read again, see `_captures`), else None."""
    from warcio.archiveiterator import ArchiveIterator
    from warcio.exceptions import ArchiveLoadFailed

    number, end = 0, 0
    records = ArchiveIterator(fh, check_digests=True)
    where = "in the decompressed archive " if whole_gzip else ""
    while True:
        place = number + 1  # the record being read, whether warcio fails finding it or we fail reading it
        try:
            record = next(records, None)
            if record is None:
                break
            number += 1
            if number <= skip:
                records.read_to_end()
                continue
            capture = _read_record(records, record, number, max_doc_bytes)
        except Exception as exc:  # noqa: BLE001 - see docstring
            if isinstance(exc, ArchiveLoadFailed) and "non-chunked gzip" in str(exc) and not whole_gzip:
                return number
            yield DeadLetter(file=name, line=place,
                             reason=f"broken record at byte offset {where}{end}: {type(exc).__name__}: {exc}")
            return None
        end = records.get_record_offset() + records.get_record_length()
        yield capture
    if not whole_gzip:
        size = os.fstat(fh.fileno()).st_size
        if end < size:  # a gzip member cut short ends warcio's iteration without an error
            fh.seek(end)
            if fh.read(TAIL_PEEK).strip():
                yield DeadLetter(file=name, line=number + 1,
                                 reason=f"truncated record at byte offset {end} ({size - end} bytes unread)")
    return None


def _read_record(records, record, number: int, max_doc_bytes: int) -> _Capture:
    payload = read_bounded(record.content_stream(), max_doc_bytes)
    oversize = payload if isinstance(payload, Oversize) else None
    records.read_to_end()  # warcio drains the rest of the record in small blocks, keeping none
    headers = record.rec_headers
    if record.format == "arc":
        uri, date, record_id = headers.get_header("uri"), _arc_day(headers.get_header("archive-date")), None
    else:
        uri, date = headers.get_header("WARC-Target-URI"), (headers.get_header("WARC-Date") or "")[:10] or None
        record_id = headers.get_header("WARC-Record-ID")
    http = record.http_headers
    complete = record.raw_stream.limit == 0 and record.digest_checker.passed is not False
    return _Capture(
        number=number, offset=records.get_record_offset(), kind=record.rec_type, uri=uri, date=date,
        record_id=record_id, status=http.get_statuscode() if http else None,
        content_type=(http.get_header("Content-Type") if http else headers.get_header("Content-Type")) or "",
        payload=b"" if oversize else payload, complete=complete, oversize=oversize,
    )


def _arc_day(stamp: str | None) -> str | None:
    """ARC dates are `YYYYMMDDhhmmss`."""
    if not stamp or len(stamp) < 8 or not stamp[:8].isdigit():
        return None
    return f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:8]}"
