"""Reading inputs and writing outputs. No NLP happens here."""
