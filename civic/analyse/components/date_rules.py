"""Load the date grammar (`resources/dates/rules.txt`) into compiled rules with their examples.

The format is HeidelTime's idea in a small form: named sub-patterns (`%reMonthName = …`) that
rules reuse, beside every rule the example lines that are its own test cases, and a `value:`
line (HeidelTime's NORM) naming the value function of `date_values.py` that turns the rule's
groups into days. The loader checks that line against the function and the pattern, so a
mistake in the data fails at load time with the rule's name, not later on some text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from civic.analyse.components.date_values import VALUE_FUNCTIONS, Arg, ValueFunction
from civic.resource_files import open_resource

_SUBPATTERN = re.compile(r"%re[A-Z]\w*")
_VALUE = re.compile(r"(\w+)\(([^()]*)\)")
_UNBOUND = "_"


@dataclass(frozen=True)
class ValueCall:
    """A rule's `value:` line: the value function and, per parameter, the groups bound to it
    (`rel|relcap`: the first that took part in the match; empty: not bound in this rule)."""

    function: ValueFunction
    groups: tuple[tuple[str, ...], ...]

    def args(self, match: re.Match) -> list[Arg]:
        """One Arg per parameter, from the match."""
        out = []
        for names in self.groups:
            name = next((n for n in names if match.group(n) is not None), None)
            out.append(Arg(match.group(name), *match.span(name)) if name else Arg())
        return out

    def wrote_year(self, match: re.Match) -> bool:
        """Whether the match wrote a year (then it keeps it, see dates._share_list_years)."""
        return any(match.group(n) for param, names in zip(self.function.params, self.groups, strict=True)
                   if param in self.function.years for n in names)


@dataclass
class DateRule:
    name: str
    negative: bool
    source: str
    regex: re.Pattern | None = None
    examples: list[tuple[str | None, str, str]] = field(default_factory=list)
    value_line: str | None = None
    value: ValueCall | None = None


def _expand(pattern: str, subpatterns: dict[str, str]) -> str:
    def replace(match: re.Match) -> str:
        key = match.group(0)
        if key not in subpatterns:
            raise ValueError(f"unknown sub-pattern {key} in date rules")
        return subpatterns[key]

    # a name is the whole word after %re (\w* is greedy), so %reWeekday never takes the start of
    # %reWeekdayShort; a name directly followed by a letter, digit or _ is read as a longer name
    return _SUBPATTERN.sub(replace, pattern)


def parse_value(rule: DateRule) -> ValueCall:
    """Check and bind a rule's `value:` line (`range(d1, _, _, d2, m2, y2)`) against the value
    functions and the rule's compiled pattern; raises ValueError naming the rule."""
    where = f"date rule {rule.name!r}"
    if rule.value_line is None:
        raise ValueError(f"{where} has no value: line")
    m = _VALUE.fullmatch(rule.value_line)
    if m is None:
        raise ValueError(f"{where}: cannot parse value {rule.value_line!r} (expected function(group, …))")
    name, body = m.groups()
    function = VALUE_FUNCTIONS.get(name)
    if function is None:
        raise ValueError(f"{where}: unknown value function {name!r} (known: {', '.join(sorted(VALUE_FUNCTIONS))})")
    args = [a.strip() for a in body.split(",")] if body.strip() else []
    if len(args) > len(function.params):
        raise ValueError(f"{where}: {name}() takes {len(function.params)} arguments "
                         f"({', '.join(function.params)}), got {len(args)}")
    args += [_UNBOUND] * (len(function.params) - len(args))
    known = set(rule.regex.groupindex)
    groups = []
    for param, arg in zip(function.params, args, strict=True):
        if arg == _UNBOUND:
            if param not in function.optional:
                raise ValueError(f"{where}: {name}() needs a group for {param!r}")
            groups.append(())
            continue
        names = tuple(n.strip() for n in arg.split("|"))
        for n in names:
            if n not in known:
                raise ValueError(f"{where}: value group {n!r} is not a group of its pattern "
                                 f"(groups: {', '.join(sorted(known)) or 'none'})")
        groups.append(names)
    unused = known - {n for names in groups for n in names}
    if unused:
        raise ValueError(f"{where}: pattern groups {', '.join(sorted(unused))} are used by no value argument")
    return ValueCall(function, tuple(groups))


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
        elif line.startswith("value:") and rules:
            if rules[-1].value_line is not None:
                raise ValueError(f"dates rules line {number}: a second value: line for {rules[-1].name!r}")
            rules[-1].value_line = line.partition(":")[2].strip()
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
        if rule.negative:
            if rule.value_line is not None:
                raise ValueError(f"negative date rule {rule.name!r} has a value: line; it marks spans, not dates")
        else:
            rule.value = parse_value(rule)
    return rules


@lru_cache(maxsize=1)
def load_rules() -> tuple[DateRule, ...]:
    """The shipped date grammar, compiled once per process."""
    with open_resource("dates/rules.txt") as fh:
        return tuple(parse_rules(fh.readlines()))
