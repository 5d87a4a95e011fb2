"""Issue 18 point 8: the summary's district column lists whole names, never one cut mid-word."""

from __future__ import annotations

from civic.query.summary import _names_within


def test_district_names_are_not_cut_mid_word():
    names = "Lichtenberg, Karlshorst, Friedrichsfelde, Mitte, Alt-Hohenschönhausen, Fennpfuhl"
    shown = _names_within(names, 60)
    assert shown == "Lichtenberg, Karlshorst, Friedrichsfelde, Mitte +2"
    assert len(shown) <= 60
    assert _names_within("Moabit, Wedding, Mitte", 60) == "Moabit, Wedding, Mitte"
