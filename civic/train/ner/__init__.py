"""Training the German NER model: corpus readers, conversion, lexicon and cluster features, training."""
