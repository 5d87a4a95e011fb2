"""Reading inputs (paths, JSONL, text, HTML) into InputDoc or DeadLetter. No NLP happens here."""
