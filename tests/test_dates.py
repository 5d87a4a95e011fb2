"""Dates: every rule's EXAMPLE lines, and the written case file (tests/cases/dates.tsv)."""

from __future__ import annotations

import pytest

from civic.analyse.components.date_rules import load_rules, parse_rules
from civic.analyse.components.dates import find_dates, next_weekday, resolve_day

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
