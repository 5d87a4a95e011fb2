"""Analysis: one spaCy Language whose components annotate one Doc per body (or chunk)."""
