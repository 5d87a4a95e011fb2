"""The JSON Schema of the record (`record.schema.json` beside this module), shipped with the package."""

from __future__ import annotations

import json
from functools import lru_cache
from importlib import resources as _resources


@lru_cache(maxsize=1)
def record_schema() -> dict:
    """The JSON Schema shipped with the package."""
    path = _resources.files(__package__).joinpath("record.schema.json")
    return json.loads(path.read_text(encoding="utf-8"))


def validate_record(record: dict) -> None:
    """Raise jsonschema.ValidationError if the record does not match the shipped schema."""
    import jsonschema

    jsonschema.validate(record, record_schema())
