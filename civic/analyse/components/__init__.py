"""spaCy components, one module per concern; each registers its factory with `@Language.factory`."""
