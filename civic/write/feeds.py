"""`civic feeds`: a calendar (.ics) and an Atom feed (.atom) per Bezirk and for Berlin, and an
index.html, written into one folder.

All files are written in one atomic step (civic.write.atomic): temp files beside the targets,
renamed into place with index.html last, so a web server or a sync never serves a half-written
set. Nothing depends on the clock (civic.write.stamps): the same records and the same start day
give byte-identical files, so a rerun from cron changes nothing a subscriber sees.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from urllib.parse import urljoin

from civic.query.bezirk_feeds import Feed, bezirk_feeds, upcoming
from civic.query.events import Event
from civic.write.atom import event_feed
from civic.write.atomic import atomic_files
from civic.write.calendar import event_calendar
from civic.write.feed_index import index_page
from civic.write.stamps import day_start, newest

INDEX = "index.html"


def _window(start: dt.date, end: dt.date | None) -> str:
    return f"Fristen ab {start:%d.%m.%Y}" + (f" bis {end:%d.%m.%Y}" if end else "")


def feed_files(events: Sequence[Event], start: dt.date, end: dt.date | None = None,
               base_url: str | None = None) -> tuple[list[Feed], dict]:
    """The feeds of the upcoming `events` and the bytes of every file, by file name (index.html
    first). An empty feed's `updated` is the newest change of all events read, or the start day.
    `base_url` is where the folder will be served: each Atom feed's self link is then absolute, as
    feed validators and some readers want; without it the self link is the bare file name."""
    feeds = bezirk_feeds(upcoming(events, start, end))
    fallback = newest(events, day_start(start))
    files = {INDEX: index_page(feeds, _window(start, end))}
    for feed in feeds:
        files[feed.ics] = event_calendar(feed.events, feed.title)
        files[feed.atom] = event_feed(feed.events, feed.slug, feed.title, fallback, href=_located(feed.atom, base_url))
    return feeds, files


def _located(name: str, base_url: str | None) -> str:
    return urljoin(base_url.rstrip("/") + "/", name) if base_url else name


def write_feed_files(events: Sequence[Event], directory: Path | str, start: dt.date,
                     end: dt.date | None = None, base_url: str | None = None) -> list[Feed]:
    """Write the files of `feed_files` into `directory` (created if missing), atomically."""
    folder = Path(directory)
    folder.mkdir(parents=True, exist_ok=True)
    feeds, files = feed_files(events, start, end, base_url)
    with atomic_files(*(folder / name for name in files)) as handles:
        for fh, data in zip(handles, files.values(), strict=True):
            fh.write(data)
    return feeds
