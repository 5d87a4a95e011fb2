"""The Doc extensions the components read and write: one Doc carries every annotation.

`ANNOTATIONS` is the one list of what the components produce; the record's fields, the chunk merge
and the row views all follow it.
"""

from spacy.tokens import Doc

# Context the pipeline sets before the components run.
CONTEXT = ("published", "doc_id")
# What the components produce: plain lists of dicts with character offsets into doc.text.
ANNOTATIONS = ("people", "districts", "areas", "dates", "deadlines", "topics")

_TEXT_KEY = "civic_text"


def ensure_extensions() -> None:
    """Register the extensions once per process (every component calls this when it is built)."""
    for name in CONTEXT + ANNOTATIONS:
        if not Doc.has_extension(name):
            Doc.set_extension(name, default=None)


def text_of(doc: Doc) -> str:
    """`doc.text`, computed once per Doc: spaCy rebuilds it from the tokens on every access,
    and every component needs it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


ensure_extensions()
