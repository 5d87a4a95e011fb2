"""The `index.html` beside the feeds: one row per feed with its event count and links, so a
newsroom can see what there is and subscribe. The page is our template
(`resources/feeds/index.html`, filled with string.Template); every value is escaped."""

from __future__ import annotations

import html
from collections.abc import Sequence
from string import Template

from civic.query.bezirk_feeds import Feed
from civic.resource_files import open_resource

TITLE = "Fristen in Berlin: Kalender und Feeds"


def _row(feed: Feed) -> str:
    name, ics, atom = (html.escape(x, quote=True) for x in (feed.name, feed.ics, feed.atom))
    return (f'<tr><td>{name}</td><td>{len(feed.events)}</td><td><a href="{ics}">{ics}</a></td>'
            f'<td><a href="{atom}">{atom}</a></td></tr>')


def index_page(feeds: Sequence[Feed], window: str) -> bytes:
    """The index page of `feeds`; `window` says which days the feeds cover."""
    with open_resource("feeds/index.html") as fh:
        template = Template(fh.read())
    page = template.substitute(title=html.escape(TITLE), window=html.escape(window),
                               rows="\n".join(_row(f) for f in feeds))
    return page.encode("utf-8")
