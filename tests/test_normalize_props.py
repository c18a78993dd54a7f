"""Property tests: the normalisers never raise and always return sound mentions."""

from __future__ import annotations

import datetime as dt
import math

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.nlp.normalize import (
    find_dates,
    find_durations,
    find_gpus,
    find_money,
    parse_date,
    parse_money,
    parse_number,
)

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

MONEY_BITS = [
    "$", "US$", "C$", "€", "£", "¥", "₹", "Rs ", "Rs. ", "USD ", "EUR ", "HK$", "~", "1", "12",
    "1.5", "1,500", "1,000,000", "0", "9999999999999999", "1e309", ".", ",", "-", "–", " ",
    "\n", "k", "m", "B", "bn", "mln", "billion", "million", "trillion", "crore", "lakh",
    "dlrs", "dollars", "U.S. dlrs", "stg", "yen", "euros", "won", "marks", "Canadian dlrs",
    "a", "half a", "one", "twenty-five", "about ", "up to ", "between ", " and ", " to ",
    "from ", "per month", "a year", "/yr", "annually", "%", "percent", "in annual",
    "annual contract value of ", "monthly fee of ", "-plus", "+", "or more",
]  # fmt: skip
TERM_BITS = [
    "five", "5", "10", "two-and-a-half", "-year", " year", " years", "-month", " months",
    " decade", "over ", "for ", "the next ", "a ", "deal", " lease", " contract", "-old",
    " ago", "multi", "through 2031", " ", "-", "2.5",
]  # fmt: skip
GPU_BITS = [
    "110,000", "50k", "1.2 million", "a million", "2025", "in ", "around ", "up to ",
    "hundreds of thousands of ", " of ", "Nvidia", "Nvidia's", "AMD", "Google's", "Intel",
    " ", "H100", "H100s", "GB300", "MI450", "TPU v5p", "Trillium", "Trainium2", "Gaudi 3",
    "Blackwell", "Rubin", " GPUs", " chips", " graphics processors", " TPUs", " systems",
    "Instinct", ",", "-", "+",
]  # fmt: skip
DATE_BITS = [
    "Monday", "Monday, ", "September", "Sept.", "Sept", "May", " ", "8", "31", "2025",
    "1899", ", ", "-", "09", "2025-09-08", "on ", "last ", "said ", "in ", "yesterday",
    "today", "February 30", "3rd", "\n",
]  # fmt: skip


def fragments(bits: list[str]) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(bits) | st.text(max_size=3), max_size=30).map("".join)


ANY_TEXT = st.text(max_size=400)
REFS = st.none() | st.dates()


def check_spans(text: str, found: list) -> None:
    last_start = -1
    for m in found:
        assert 0 <= m.start < m.end <= len(text)
        assert text[m.start : m.end] == m.text
        assert m.start >= last_start
        last_start = m.start


@SETTINGS
@given(ANY_TEXT | fragments(MONEY_BITS))
def test_money_never_raises_and_is_sound(text: str) -> None:
    found = find_money(text)
    check_spans(text, found)
    for m in found:
        assert math.isfinite(m.value) and m.value > 0
        assert len(m.currency) == 3 and m.currency.isupper()
        assert m.period in (None, "day", "week", "month", "quarter", "year")
        if m.low is not None:
            assert m.high is not None and 0 < m.low < m.high == m.value
            assert m.approximate
    first = parse_money(text)
    assert first == (found[0] if found else None)


@SETTINGS
@given(ANY_TEXT | fragments(MONEY_BITS), st.sampled_from(["USD", "EUR", "xx", ""]))
def test_money_with_default_currency_is_sound(text: str, currency: str) -> None:
    found = find_money(text, default_currency=currency)
    check_spans(text, found)
    assert all(math.isfinite(m.value) and m.value > 0 for m in found)


@SETTINGS
@given(ANY_TEXT | fragments(TERM_BITS))
def test_durations_never_raise_and_are_sound(text: str) -> None:
    found = find_durations(text)
    check_spans(text, found)
    for d in found:
        assert isinstance(d.months, int) and 0 < d.months <= 1200
    for a, b in zip(found, found[1:], strict=False):
        assert a.end <= b.start


@SETTINGS
@given(ANY_TEXT | fragments(GPU_BITS))
def test_gpus_never_raise_and_are_sound(text: str) -> None:
    found = find_gpus(text)
    check_spans(text, found)
    for g in found:
        assert g.count is None or (isinstance(g.count, int) and g.count > 0)
        assert g.count is not None or g.vendor or g.model or g.approximate


@SETTINGS
@given(ANY_TEXT | fragments(DATE_BITS), REFS)
def test_dates_never_raise_and_are_sound(text: str, ref: dt.date | None) -> None:
    found = find_dates(text, ref)
    check_spans(text, found)
    for d in found:
        if len(d.iso) == 10:
            dt.date.fromisoformat(d.iso)
        else:
            year, month = d.iso.split("-")
            assert len(year) == 4 and 1 <= int(month) <= 12
    assert parse_date(text, ref) == (found[0].iso if found else None)


@SETTINGS
@given(ANY_TEXT | fragments(MONEY_BITS))
def test_parse_number_never_raises(text: str) -> None:
    value = parse_number(text)
    assert value is None or math.isfinite(value)
