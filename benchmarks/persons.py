"""Merge precision and recall of `civic people` / the persons tables on corpus/persons/.

    python benchmarks/persons.py     # prints a table, writes benchmarks/results/persons.json
"""

from __future__ import annotations

from _common import print_table, write_result

from civic.evaluate.persons import evaluate_persons


def main() -> None:
    result = evaluate_persons()
    print_table([result], list(result))
    print(write_result("persons", {"corpus": "corpus/persons", **result}))


if __name__ == "__main__":
    main()
