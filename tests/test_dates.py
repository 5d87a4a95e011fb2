"""Dates: every rule's EXAMPLE lines, and the written case file (tests/cases/dates.tsv)."""

from __future__ import annotations

import pytest

from civic.analyse.components.date_rules import load_rules, parse_rules
from civic.analyse.components.date_values import next_weekday, resolve_day
from civic.analyse.components.dates import find_dates

from .conftest import read_cases

RULE_EXAMPLES = [(rule.name, *example) for rule in load_rules() for example in rule.examples]


def _values(entries) -> str:
    return ";".join((e["value"] or "null") + (f"/{e['value_end']}" if e["value_end"] else "") for e in entries)


@pytest.mark.parametrize("rule, published, text, expected", RULE_EXAMPLES,
                         ids=[f"{r}:{t}" for r, _, t, _ in RULE_EXAMPLES])
def test_rule_examples(rule, published, text, expected):
    assert (_values(find_dates(text, published or "2024-05-15")) or "-") == expected


CASES = read_cases("dates.tsv")


@pytest.mark.parametrize("case", CASES, ids=[c["sentence"][:60] for c in CASES])
def test_date_cases(case):
    published = None if case["published"] == "-" else case["published"]
    found = find_dates(case["sentence"], published)
    assert _values(found) == case["expected"]
    for entry in found:
        assert case["sentence"][entry["start"]:entry["end"]] == entry["text"]


def test_case_file_is_big_enough():
    negatives = [c for c in CASES if not c["expected"]]
    assert len(CASES) >= 100 and len(negatives) >= 40


def test_relative_dates_without_published_are_null():
    [entry] = find_dates("Die Bibliothek öffnet morgen.", None)
    assert entry["value"] is None and entry["relative"] is True


def test_nearest_year_and_weekday_rules():
    import datetime as dt

    assert resolve_day(5, 1, None, dt.date(2022, 12, 20)) == (dt.date(2023, 1, 5), True)
    assert resolve_day(31, 2, 2023, None) == (None, False)
    assert next_weekday(dt.date(2024, 5, 15), 2) == dt.date(2024, 5, 22)  # Wednesday -> next Wednesday


def test_unknown_subpattern_is_an_error():
    with pytest.raises(ValueError, match="unknown sub-pattern"):
        parse_rules(["rule: x", "pattern: %reNothing"])


def test_a_year_at_the_end_of_a_list_holds_for_the_whole_list():
    text = "Zwei Durchgänge: vom 13. bis 24. Juli und vom 3. bis 14. August 2026."
    first, second = find_dates(text, "2026-01-13")  # alone, 24 July would be nearer in 2025
    assert (first["value"], first["value_end"]) == ("2026-07-13", "2026-07-24")
    assert second["value"] == "2026-08-03"
    # not across a sentence, and not backwards in the year
    assert find_dates("Am 3. Mai kam er. Am 5. Juni 2024 ging er.", "2025-05-01")[0]["value"] == "2025-05-03"
    assert find_dates("am 28. Dezember und am 3. Januar 2027", "2026-12-01")[0]["value"] == "2026-12-28"


def test_longer_subpattern_names_are_not_cut_short():
    """`%reWeekdayShort` is its own name, not `%reWeekday` followed by `Short`."""
    [rule] = parse_rules(["%reWeekday = (?:Montag)", "%reWeekdayShort = (?:Mo\\.)",
                          "rule: x", "pattern: (?P<wd>%reWeekdayShort)", "value: weekday(wd)"])
    assert rule.source == "(?P<wd>(?:Mo\\.))"


def _rule(value: str, pattern: str = r"(?P<d>\d+)\.(?P<m>\d+)\.") -> list[str]:
    return ["rule: probe", f"pattern: {pattern}", f"value: {value}"]


@pytest.mark.parametrize("lines, message", [
    (_rule("dayz(d, m)"), "date rule 'probe': unknown value function 'dayz'"),
    (_rule("day(d, month)"), "date rule 'probe': value group 'month' is not a group of its pattern"),
    (_rule("day(d)"), "date rule 'probe': day\\(\\) needs a group for 'm'"),
    (_rule("day(_, m)"), "date rule 'probe': day\\(\\) needs a group for 'd'"),
    (_rule("day(d, m, _, _, d)"), "date rule 'probe': day\\(\\) takes 4 arguments"),
    (_rule("day(d, m"), "date rule 'probe': cannot parse value"),
    (_rule("day(d, m)", r"(?P<d>\d+)\.(?P<m>\d+)\.(?P<y>\d+)"), "date rule 'probe': pattern groups y are used"),
    (["rule: probe", r"pattern: (?P<d>\d+)"], "date rule 'probe' has no value: line"),
    (["negative: probe", r"pattern: \d+", "value: day(d, m)"], "negative date rule 'probe' has a value: line"),
    ([*_rule("day(d, m)"), "value: day(d, m)"], "a second value: line for 'probe'"),
])
def test_value_line_mistakes_are_errors_naming_the_rule(lines, message):
    with pytest.raises(ValueError, match=message):
        parse_rules(lines)


def test_a_new_rule_of_a_known_shape_is_only_data():
    """A rule written only as data lines (`14/6/2023`, not a shape the shipped grammar knows)."""
    rules = parse_rules(["%reDay = (?:0?[1-9]|[12][0-9]|3[01])",
                         "rule: slash_date", r"pattern: (?P<d>%reDay)/(?P<m>\d\d?)/(?P<y>\d{4})",
                         "value: day(d, m, y)", "example: 14/6/2023 => 2023-06-14"])
    [(published, text, expected)] = rules[0].examples
    assert _values(find_dates(text, "2024-05-15", tuple(rules))) == expected == "2023-06-14"


def test_every_value_function_is_documented_and_used():
    from civic.analyse.components.date_values import VALUE_FUNCTIONS
    from civic.resource_files import open_resource

    with open_resource("dates/rules.txt") as fh:
        header = "".join(line for line in fh if line.startswith("#"))
    used = {rule.value.function.name for rule in load_rules() if not rule.negative}
    for name in VALUE_FUNCTIONS:
        assert f"#   {name}(" in header, name
    assert used == set(VALUE_FUNCTIONS)
