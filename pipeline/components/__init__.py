"""spaCy components, one per concern. Importing this package registers their factories and the
Doc extensions they write to, so `spacy.blank("de").add_pipe("civic_dates")` works anywhere."""

from spacy.tokens import Doc

# Context the pipeline sets before the components run.
for _name, _default in (("published", None), ("doc_id", None)):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=_default)

# What the components produce; plain lists of dicts with character offsets into doc.text.
for _name in ("districts", "areas", "dates", "deadlines", "people", "topics"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)

_TEXT_KEY = "civic_text"


def text_of(doc: Doc) -> str:
    """`doc.text`, computed once per Doc: spaCy rebuilds it from the tokens on every access,
    and every component needs it."""
    text = doc.user_data.get(_TEXT_KEY)
    if text is None:
        text = doc.user_data[_TEXT_KEY] = doc.text
    return text


from . import areas, dates, deadlines, districts, entity_spans, people, topics  # noqa: E402,F401  (registers factories)
