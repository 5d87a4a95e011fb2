"""Split words that scraping glued together at a block boundary.

When a page's blocks lose the whitespace between them, the last word of one paragraph runs into the
first of the next (`… und Anna-Lena StraußIm feierlichen Rahmen …`); the NER model then reads
`StraußIm` as one unknown surname. A lower-case letter followed directly by a capitalised word that
opens German sentences (an article, a preposition, a conjunction) is such a seam. The split is a
tokenizer infix: it changes no character of the text, so offsets stay those of the input.
Mixed-case names (`McDonald`, `DieLinke`) do not end in one of these words and stay whole.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.util import compile_infix_regex

# Words that open a new block or sentence often enough to mark a seam, and never end a name.
SEAM_STARTERS = ("Im", "Am", "Die", "Der", "Das", "Den", "Dem", "In", "Mit", "Auf", "Bei", "Nach", "Für",
                 "Zum", "Zur", "Und", "Ein", "Eine", "Seit", "Vom", "Beim", "Wie", "Wer", "Was")
SEAM = r"(?<=[a-zäöüß]{2})(?=(?:" + "|".join(SEAM_STARTERS) + r")(?![a-zäöüß]))"


def split_glued_words(nlp: Language) -> Language:
    """Add the seam to `nlp`'s own tokenizer infixes (a loaded pipeline keeps its own) once; return `nlp`."""
    current = nlp.tokenizer.infix_finditer
    pattern = getattr(getattr(current, "__self__", None), "pattern", None)
    if pattern is None:
        nlp.tokenizer.infix_finditer = compile_infix_regex([*(nlp.Defaults.infixes or []), SEAM]).finditer
    elif SEAM not in pattern:
        nlp.tokenizer.infix_finditer = re.compile(f"{pattern}|{SEAM}").finditer
    return nlp
