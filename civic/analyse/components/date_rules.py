"""Load the date grammar (`resources/dates/rules.txt`) into compiled rules with their examples.

The format is HeidelTime's idea in a small form: named sub-patterns (`%reMonthName = …`) that
rules reuse, and beside every rule the example lines that are its own test cases.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from civic.resource_files import open_resource

_SUBPATTERN = re.compile(r"%re[A-Z]\w*")


@dataclass
class DateRule:
    name: str
    negative: bool
    source: str
    regex: re.Pattern | None = None
    examples: list[tuple[str | None, str, str]] = field(default_factory=list)


def _expand(pattern: str, subpatterns: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(0)
        if key not in subpatterns:
            raise ValueError(f"unknown sub-pattern {key} in date rules")
        return subpatterns[key]

    # longest names first so %reWeekday does not eat the start of %reWeekdayShort
    return _SUBPATTERN.sub(replace, pattern)


def parse_rules(lines: list[str]) -> list[DateRule]:
    """Parse the rule file's lines; raises ValueError on anything it does not understand."""
    subpatterns: dict[str, str] = {}
    rules: list[DateRule] = []
    for number, raw in enumerate(lines, start=1):
        line = raw.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if line.startswith("%re"):
            key, _, value = line.partition("=")
            subpatterns[key.strip()] = _expand(value.strip(), subpatterns)
        elif line.startswith(("rule:", "negative:")):
            kind, _, name = line.partition(":")
            rules.append(DateRule(name=name.strip(), negative=kind == "negative", source=""))
        elif line.startswith("pattern:") and rules:
            rules[-1].source = _expand(line.partition(":")[2].strip(), subpatterns)
        elif line.startswith("example:") and rules:
            body = line.partition(":")[2].strip()
            published = None
            if body.startswith("@"):
                published, _, body = body[1:].partition(" ")
            text, _, expected = body.rpartition("=>")
            rules[-1].examples.append((published, text.strip(), expected.strip()))
        else:
            raise ValueError(f"dates rules line {number}: cannot parse {line!r}")
    for rule in rules:
        rule.regex = re.compile(rule.source, re.MULTILINE)
    return rules


@lru_cache(maxsize=1)
def load_rules() -> tuple[DateRule, ...]:
    """The shipped date grammar, compiled once per process."""
    with open_resource("dates/rules.txt") as fh:
        return tuple(parse_rules(fh.readlines()))
