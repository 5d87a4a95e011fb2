"""Very long article bodies are cut into chunks that are analysed as separate Docs.

spaCy refuses texts over `nlp.max_length` and memory grows with document length, so a body
longer than `MAX_CHUNK` characters is cut at paragraph (else line, else sentence, else space)
boundaries into pieces of at most MAX_CHUNK characters. `civic.record.annotations` merges the
chunks' annotations again.
"""

from __future__ import annotations

MAX_CHUNK = 100_000
_BREAKS = ("\n\n", "\n", ". ", " ")


def chunk_bounds(text: str, max_chunk: int = MAX_CHUNK) -> list[tuple[int, int]]:
    """(start, end) pieces covering `text`, each at most max_chunk long, cut at natural breaks."""
    bounds, start = [], 0
    while len(text) - start > max_chunk:
        limit = start + max_chunk
        cut = -1
        for brk in _BREAKS:
            cut = text.rfind(brk, start + max_chunk // 2, limit)
            if cut >= 0:
                cut += len(brk)
                break
        if cut <= start:
            cut = limit
        bounds.append((start, cut))
        start = cut
    bounds.append((start, len(text)))
    return bounds
