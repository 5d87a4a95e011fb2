"""Check the restored texts of a real-page corpus against their recipes (length and sha256).

    python tools/real_corpus.py                # checks corpus/real/texts.jsonl, exit 1 on any mismatch
    python tools/real_corpus.py corpus/body    # the same for another folder with recipes.jsonl

The texts are third-party pages and never enter git; corpus/real/README.md says how to restore them.
"""

from __future__ import annotations

import hashlib
import json
import sys
from pathlib import Path

REAL = Path(__file__).resolve().parent.parent / "corpus" / "real"


def read_jsonl(path: Path) -> list[dict]:
    with open(path, encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def check(texts: Path = REAL / "texts.jsonl", recipes: Path = REAL / "recipes.jsonl") -> list[str]:
    """One line per problem: a missing page, a wrong length or hash, a changed address or date."""
    wanted = {r["id"]: r for r in read_jsonl(recipes)}
    found = {t["id"]: t for t in read_jsonl(texts)}
    problems = [f"{i}: not restored" for i in sorted(set(wanted) - set(found))]
    problems += [f"{i}: not in recipes.jsonl" for i in sorted(set(found) - set(wanted))]
    for i in sorted(set(wanted) & set(found)):
        recipe, page = wanted[i], found[i]
        text = page["text"]
        if len(text) != recipe["chars"]:
            problems.append(f"{i}: {len(text)} characters, the recipe says {recipe['chars']}")
        elif hashlib.sha256(text.encode("utf-8")).hexdigest() != recipe["sha256"]:
            problems.append(f"{i}: sha256 differs from the recipe (same length: look for a changed character)")
        for key in ("url", "published"):
            if page.get(key) != recipe[key]:
                problems.append(f"{i}: {key} {page.get(key)!r}, the recipe says {recipe[key]!r}")
    return problems


def main() -> int:
    arg = Path(sys.argv[1]) if len(sys.argv) > 1 else REAL
    folder, path = (arg, arg / "texts.jsonl") if arg.is_dir() else (REAL, arg)
    if not path.exists():
        print(f"{path}: not there; restore the texts first ({folder}/README.md)", file=sys.stderr)
        return 1
    problems = check(path, folder / "recipes.jsonl")
    for line in problems:
        print(line)
    print(f"{len(read_jsonl(path))} texts checked, {len(problems)} problem(s)")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
