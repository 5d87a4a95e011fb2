"""Events as an Atom 1.0 feed (RFC 4287) for feed readers: one entry per event.

Built with `feedgen`. Ids are tag URIs (RFC 4151) that do not change between runs: the feed's from
its slug, each entry's from the event id (civic.query.events.event_id), so a reader that polls the
feed again shows an event once, and shows it as updated when another article joins it. `updated`
is the newest `published` day of the sources (civic.write.stamps), never the clock.
"""

from __future__ import annotations

import datetime as dt
import html
from collections.abc import Sequence

from feedgen.feed import FeedGenerator

from civic.query.events import Event
from civic.version import __version__
from civic.write.calendar import first_url
from civic.write.stamps import first_published, last_changed

TAG_AUTHORITY = "tag:civic-pipeline,2026:"
AUTHOR = "civic-pipeline"


def feed_id(slug: str) -> str:
    """The id of the feed of one Bezirk (or of Berlin): the same for every run."""
    return f"{TAG_AUTHORITY}feeds/{slug}"


def entry_id(event: Event) -> str:
    """The id of an event's entry: the same in every run and in every feed that holds the event."""
    return f"{TAG_AUTHORITY}events/{event.id}"


def entry_title(event: Event) -> str:
    """`Bis 11.12.2026: Vorschläge einreichen`: the day first, as a newsroom reads a deadline."""
    day = dt.date.fromisoformat(event.date)
    return f"Bis {day:%d.%m.%Y}: {event.action}"


def entry_content(event: Event) -> str:
    """An HTML list of the sources (title linked to the article, published day); every piece of
    text escaped, since titles come from scraped pages."""
    items = []
    for source in event.sources:
        title = html.escape(source.title or source.document_id)
        linked = f'<a href="{html.escape(source.url, quote=True)}">{title}</a>' if source.url else title
        published = f" ({html.escape(source.published)})" if source.published else ""
        items.append(f"<li>{linked}{published}</li>")
    where = html.escape(event.bezirk or "Berlin (berlinweit)")
    return (f"<p>Frist am {html.escape(event.date)} in {where}: {html.escape(event.action)}</p>"
            f"<ul>{''.join(items)}</ul>")


def event_feed(events: Sequence[Event], slug: str, title: str, updated: dt.datetime, href: str) -> bytes:
    """The Atom feed `title` of `events` (in the order given); `href` is the feed's own location,
    its self link (relative to where the file is served is enough: readers resolve it); `updated`
    is used when no event has a published day, so an empty feed is valid too."""
    feed = FeedGenerator()
    feed.id(feed_id(slug))
    feed.title(title)
    feed.author({"name": AUTHOR})
    feed.link(href=href, rel="self", type="application/atom+xml")
    feed.language("de")
    feed.generator("civic-pipeline", version=__version__)
    changed = [t for t in map(last_changed, events) if t is not None]
    feed.updated(max(changed, default=updated))
    for event in events:
        entry = feed.add_entry(order="append")
        entry.id(entry_id(event))
        entry.title(entry_title(event))
        entry.updated(last_changed(event) or updated)
        if published := first_published(event):
            entry.published(published)
        if url := first_url(event):
            entry.link(href=url, rel="alternate")
        entry.content(entry_content(event), type="html")
        entry.category(term=event.bezirk or "Berlin")
    return feed.atom_str(pretty=True)
