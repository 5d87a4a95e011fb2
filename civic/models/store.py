"""Locating, verifying and naming the shipped models.

Models live in the repository's `models/` folder (or `$CIVIC_MODELS`). Every shipped model folder
has a `MANIFEST.sha256` listing its files; loading checks it and refuses a changed or corrupt
model with a clear message, so nothing unexpected is ever deserialised.
"""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from civic.write.atomic import atomic_write_bytes

MANIFEST = "MANIFEST.sha256"
DEFAULT_NER = "civic-ner-de"
DEFAULT_TOPICS = "civic-topics-de"


class ModelError(Exception):
    """A model is missing or does not match its manifest."""


def models_dir() -> Path:
    """`$CIVIC_MODELS`, else the `models/` folder next to the package."""
    env = os.environ.get("CIVIC_MODELS")
    return Path(env) if env else Path(__file__).resolve().parents[2] / "models"


def resolve(name_or_path: str) -> Path | None:
    """A path to a model folder, or None when `name_or_path` is not a folder we know."""
    path = Path(name_or_path)
    if path.is_dir():
        return path
    candidate = models_dir() / name_or_path
    return candidate if candidate.is_dir() else None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _model_files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.name != MANIFEST and not p.name.endswith(".md"))


def write_manifest(folder: Path) -> Path:
    """Record the sha256 of every model file (not the model card) in `MANIFEST.sha256`."""
    lines = [f"{_sha256(p)}  {p.relative_to(folder).as_posix()}" for p in _model_files(folder)]
    target = folder / MANIFEST
    atomic_write_bytes(target, ("\n".join(lines) + "\n").encode("utf-8"))
    return target


def verify_manifest(folder: Path) -> None:
    """Raise ModelError unless every listed file exists with its recorded hash and no file is extra."""
    manifest = folder / MANIFEST
    if not manifest.exists():
        raise ModelError(f"{folder}: no {MANIFEST}; refusing to load an unverified model")
    expected = {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        if line.strip():
            digest, _, rel = line.partition("  ")
            expected[rel] = digest
    actual = {p.relative_to(folder).as_posix(): p for p in _model_files(folder)}
    missing = sorted(set(expected) - set(actual))
    extra = sorted(set(actual) - set(expected))
    changed = sorted(rel for rel in set(expected) & set(actual) if _sha256(actual[rel]) != expected[rel])
    if missing or extra or changed:
        raise ModelError(
            f"{folder} does not match {MANIFEST}: missing {missing}, unexpected {extra}, changed {changed}. "
            "Restore the model from git or retrain it (civic train …)."
        )
