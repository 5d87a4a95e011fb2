"""HTML pages to plain text via trafilatura, keeping the title and the published date."""

from __future__ import annotations

import re
from dataclasses import dataclass

_DATE = re.compile(r"^(\d{4}-\d{2}-\d{2})")


@dataclass
class ExtractedPage:
    text: str
    title: str | None
    published: str | None


def html_to_text(html: str) -> ExtractedPage:
    """Extract the main article text of an HTML page.

    trafilatura drops navigation, sidebars and footers; the title goes on top of the text so that
    the text reads like the scraped plain-text articles (title line, then the body). trafilatura
    parses with lxml's HTML parser, which neither resolves external entities nor fetches anything.
    """
    import trafilatura

    doc = trafilatura.bare_extraction(
        html,
        include_comments=False,
        include_tables=True,
        favor_precision=True,
        with_metadata=True,
        deduplicate=False,
    )
    if doc is None:
        return ExtractedPage(text="", title=None, published=None)
    body = (doc.text or "").strip()
    title = (doc.title or "").strip() or None
    published = None
    if doc.date:
        m = _DATE.match(str(doc.date))
        published = m.group(1) if m else None
    text = f"{title}\n\n{body}" if title and not body.startswith(title) else body
    return ExtractedPage(text=text, title=title, published=published)
