"""RSS 2.0 and Atom feeds to InputDoc or DeadLetter, with feedparser.

feedparser parses a feed whole, so `--max-doc-bytes` applies to the whole feed file here (a feed
larger than the limit is one dead letter, read no further than the limit); every entry is then
smaller than the limit too.

berlin.de publishes each Bezirksamt's press releases as a feed, so researchers often hold the
feed, not the pages. Each entry becomes one document with the entry's link, title and published
day; its content (or, lacking that, its summary) is HTML and goes through the same HTML path as
`.html` files (civic.read.html), wrapped in a page whose title is the entry's title so that the
text reads like the other inputs (title line, then the body).
"""

from __future__ import annotations

import datetime as dt
import email.utils
import html
from collections.abc import Iterator
from pathlib import Path

from civic.read.documents import DeadLetter, InputDoc, published_origin
from civic.read.html import html_to_text

FEED_SUFFIXES = {".rss", ".atom", ".xml"}


def read_feed(data: bytes, name: str, default_published: str | None = None) -> Iterator[InputDoc | DeadLetter]:
    """One InputDoc per entry, in feed order; `line` is the entry's position (1-based)."""
    import feedparser

    parsed = feedparser.parse(data)  # given bytes, not a URL, feedparser fetches nothing
    if not parsed.entries:
        problem = parsed.get("bozo_exception")
        reason = f"not an RSS or Atom feed: {problem}" if problem else "feed has no entries"
        yield DeadLetter(file=name, line=0, reason=reason, raw=data[:300].decode("utf-8", errors="replace"))
        return
    stem = Path(name).name.split(".")[0] or "feed"
    for number, entry in enumerate(parsed.entries, start=1):
        yield _entry_doc(entry, name, number, stem, default_published)


def _entry_doc(entry, name: str, number: int, stem: str, default_published: str | None) -> InputDoc | DeadLetter:
    doc_id = entry.get("id") or entry.get("link") or f"{stem}-{number}"
    title = (entry.get("title") or "").strip() or None
    body = _content_html(entry)
    if body is None and title is None:
        return DeadLetter(file=name, line=number, id=doc_id, reason="feed entry has no title, content or summary")
    page = html_to_text(_as_page(title, body or ""))
    published = _entry_day(entry)
    return InputDoc(
        id=doc_id, text=page.text, file=name, line=number, published=published or default_published,
        url=entry.get("link"), title=title or page.title, extracted=True,
        published_from="feed" if published else published_origin(None, default_published),
    )


def _content_html(entry) -> str | None:
    for content in entry.get("content") or []:
        if content.get("value"):
            return content["value"]
    return entry.get("summary") or None


def _as_page(title: str | None, body: str) -> str:
    head = html.escape(title or "")
    heading = f"<h1>{head}</h1>" if title else ""
    return f"<html><head><title>{head}</title></head><body><article>{heading}{body}</article></body></html>"


def _entry_day(entry) -> str | None:
    """The day as the feed wrote it, in the feed's own time zone.

    feedparser's `published_parsed` is converted to UTC, which moves a release of 00:30 Berlin time
    to the day before; so the raw string is read first (ISO 8601 in Atom, RFC 822 in RSS).
    """
    for key in ("published", "updated", "created"):
        raw = (entry.get(key) or "").strip()
        if not raw:
            continue
        try:
            return dt.date.fromisoformat(raw[:10]).isoformat()
        except ValueError:
            pass
        try:
            return email.utils.parsedate_to_datetime(raw).date().isoformat()
        except (TypeError, ValueError, IndexError):
            pass
        parsed = entry.get(f"{key}_parsed")
        if parsed:
            return dt.date(parsed.tm_year, parsed.tm_mon, parsed.tm_mday).isoformat()
    return None
