"""Training code for the project's own models (German NER: data conversion, training, evaluation)."""
