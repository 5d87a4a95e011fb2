"""The two things a reader can yield: a document to analyse, or a dead letter explaining why not."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class InputDoc:
    """One article as read from the input, before cleaning.

    `text` is what offsets in the record refer to. For HTML input it is the text trafilatura
    extracted, and `extracted` is True so that the record carries the text along.
    """

    id: str
    text: str
    file: str
    line: int
    published: str | None = None
    url: str | None = None
    title: str | None = None
    section: str | None = None
    extracted: bool = False
    published_from: str | None = None  # where `published` came from, when the reader knows it (crawl, feed)
    extra: dict = field(default_factory=dict)


def published_origin(from_page: str | None, given: str | None) -> str | None:
    """`source.published_from` of a reader's item: the page's own metadata first, then the date the
    user gave for the whole input (`--published`); None when neither gave one."""
    return "html-meta" if from_page else ("input" if given else None)


@dataclass
class DeadLetter:
    """An input item that could not become a record: where it was and why."""

    file: str
    line: int
    reason: str
    raw: str = ""
    id: str | None = None

    def to_dict(self) -> dict:
        return {"file": self.file, "line": self.line, "id": self.id, "reason": self.reason, "raw": self.raw}
