"""The output record: built from the annotations, its schema, and reading record files back."""
